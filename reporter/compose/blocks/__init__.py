"""Built-in computed blocks (importing this package registers them in ``template.blocks.REGISTRY``)."""

from reporter.compose.blocks import costs, profile, register, summary, survey  # noqa: F401
from reporter.compose.blocks import municipalities, roles, sof_tables, statements  # noqa: F401
from reporter.compose.blocks import instruments  # noqa: F401
