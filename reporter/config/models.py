"""Pydantic models of a project (one evaluation), as declared in ``project.yaml``.

The models are the single contract between the consultant's configuration and
the rest of the pipeline. Cross-references (an item naming a scale, an index
naming items, a filter naming an earlier item) are checked in
:meth:`Project._check_references` so that every error names its key path.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import warnings
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from reporter.config.costs import Costs
from reporter.config.instruments import Instrument
from reporter.config.register import Register

# ``Project.register`` is a field; pydantic warns that it shadows ABCMeta.register (a class method, unused here)
warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)


Side = Literal["employee", "leader"]
SIDES: tuple[Side, Side] = ("employee", "leader")



def _inside_project(path: str) -> str:
    """A data file named in project.yaml must lie inside the project folder: relative, no '..'."""
    from pathlib import PurePosixPath, PureWindowsPath

    if not path.strip():
        raise ValueError("empty file name")
    for pure in (PurePosixPath(path), PureWindowsPath(path)):
        if pure.is_absolute() or pure.anchor or ".." in pure.parts:
            raise ValueError(f"{path!r} must be a path inside the project folder (relative, without '..')")
    return path


ProjectFile = Annotated[str, AfterValidator(_inside_project)]

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Wave(_Strict):
    """One measurement round (start, midway, end)."""

    id: str
    label: str = Field(description="Short label used in table headers, e.g. 'Start'.")
    table_label: str = Field(description="Label in the response table, e.g. 'Startmåling'.")
    prose: str = Field(description="Label in running text, e.g. 'startmålingen'.")
    fieldwork_from: dt.date | None = None
    fieldwork_to: dt.date | None = None
    invited: int | None = Field(default=None, ge=1, description="Invited respondents (for the response rate).")


class Municipality(_Strict):
    """A participating municipality (kommune/jobcenter)."""

    name: str
    waves: list[str] | None = Field(default=None, description="Waves it took part in; all when omitted.")
    population: int | None = Field(default=None, ge=0)
    alias: str | None = Field(default=None, description="Anonymised name for public outputs.")
    attributes: dict[str, str | float] = Field(default_factory=dict, description=(
        "Free attributes for grouping (e.g. volume: 1200, readiness: høj); blocks group municipalities by them."))


class Role(_Strict):
    """A mutually exclusive reporting role and the fidelity side it counts on."""

    id: str
    label: str
    side: Side
    raw: list[str] = Field(default_factory=list, description="Raw function labels in the data that map to this role.")


class Option(_Strict):
    """One answer option of a scale."""

    code: int | str
    label: str
    score: float | None = None
    top: bool = False
    dont_know: bool = False

    @model_validator(mode="after")
    def _dont_know_has_no_score(self) -> "Option":
        if self.dont_know and self.score is not None:
            raise ValueError(f"option {self.label!r} is 'ved ikke' and must not have a score")
        if self.dont_know and self.top:
            raise ValueError(f"option {self.label!r} is 'ved ikke' and cannot be a top option")
        return self


ScaleKind = Literal["ordinal", "single", "multi", "numeric", "text"]


class Scale(_Strict):
    """An answer scale: ordered options (ordinal/single/multi), numbers, or free text."""

    kind: ScaleKind = "ordinal"
    options: list[Option] = Field(default_factory=list)
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _options_fit_kind(self) -> "Scale":
        if self.kind in ("ordinal", "single", "multi") and not self.options:
            raise ValueError(f"a scale of kind {self.kind!r} needs options")
        if self.kind in ("numeric", "text") and self.options:
            raise ValueError(f"a scale of kind {self.kind!r} takes no options")
        labels = [o.label.casefold() for o in self.options]
        if len(set(labels)) != len(labels):
            raise ValueError("option labels must be unique")
        codes = [str(o.code) for o in self.options]
        if len(set(codes)) != len(codes):
            raise ValueError("option codes must be unique")
        return self

    def option_by_answer(self, answer: object) -> Option | None:
        """The option matching a label text (case-insensitive) or a numeric code, or None."""
        if answer is None:
            return None
        text = str(answer).strip()
        if text.endswith(".0") and text[:-2].lstrip("-").isdigit():
            text = text[:-2]
        for option in self.options:
            if str(option.code) == text or option.label.casefold() == text.casefold():
                return option
        return None


class Filter(_Strict):
    """Asked only when an earlier item was answered with one of the given labels."""

    item: str
    equals: list[str]


class Item(_Strict):
    """One survey question (or, for multi-select, one question with a 0/1 column per option)."""

    id: str
    text: str
    text_by_wave: dict[str, str] = Field(default_factory=dict)
    text_by_role: dict[str, str] = Field(default_factory=dict)
    scale: str
    roles: list[str] | None = Field(default=None, description="Roles asked; all when omitted.")
    waves: list[str] | None = Field(default=None, description="Waves asked; all when omitted.")
    filter: Filter | None = None
    fidelity: bool = Field(default=False, description="Member of the fidelity set (power-ranking, fidelity mean).")
    reverse: bool = Field(default=False, description="Polarity: True when a high raw score means low fidelity.")
    columns: dict[str, str] = Field(
        default_factory=dict,
        description="Multi-select only: option label -> data column; default '<id>_<code>'.",
    )

    def wording(self, wave: str | None = None, role: str | None = None) -> str:
        """The question text as asked in a wave to a role."""
        if role is not None and role in self.text_by_role:
            return self.text_by_role[role]
        if wave is not None and wave in self.text_by_wave:
            return self.text_by_wave[wave]
        return self.text


class Index(_Strict):
    """An indicator: an index over items; leaders may answer a variant set."""

    id: str
    label: str
    items: list[str]
    leader_items: list[str] | None = Field(default=None, description="Items for the leader side, when they differ.")

    def items_for(self, side: Side) -> list[str]:
        """Items that make up the index for one fidelity side."""
        if side == "leader" and self.leader_items is not None:
            return self.leader_items
        return self.items


class CoreElement(_Strict):
    """A core element (kerneelement) of a track, measured by one or more indices."""

    id: str
    label: str
    indices: list[Index] = Field(default_factory=list)


class Track(_Strict):
    """A track (spor) grouping core elements."""

    id: str
    label: str
    core_elements: list[CoreElement]
    goal: str = Field(default="", description="The track's goal in one or two sentences (evaluation summary).")


class BeliefQuestion(_Strict):
    """A belief question shown as a 100 % stacked bar by role and wave."""

    item: str
    title: str


class Code(_Strict):
    """One code of an open-answer catalogue."""

    code: str
    label: str
    essence: str = ""
    group: str = ""


class CodedQuestion(_Strict):
    """An open question whose answers were coded (barrier lists)."""

    id: str
    title: str
    file: ProjectFile = Field(description="CSV with columns respondent, wave, code (one row per code given).")
    item: str | None = Field(default=None, description="The open text item that was coded (gives roles/waves asked).")
    codes: list[Code]


class ChangeRule(_Strict):
    """Traffic-light rule for one table: compare wave ``to`` against wave ``from_``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    threshold: float = Field(gt=0)
    from_: str = Field(alias="from")
    to: str
    unit: Literal["share", "score"] = "share"


CHANGE_TABLES = ("power_ranking", "fidelity_mean", "indicator")


class Thresholds(_Strict):
    """Colour rules, the disclosure rule (minimum group size per side) and minimum valid items."""

    min_n: int | dict[Side, int] = Field(default=5, description=(
        "The disclosure rule, the same in the note, the profiles, the HTML, the service and the exports: cells "
        "based on fewer respondents are suppressed ('*'). One number for every group, or one per side, e.g. "
        "{employee: 5, leader: 1} where the published convention shows leader results."))
    min_valid_items: int = Field(default=1, ge=1, description="A side's fidelity mean needs this many items with valid answers.")
    min_municipalities: int = Field(default=3, ge=1, description=(
        "A mean over a group of municipalities (a size band, an attribute group) is shown only when the group has "
        "at least this many municipalities with a value; a smaller group would reveal a single municipality's value."))
    change: dict[str, ChangeRule] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _no_split_rule(cls, data):
        if isinstance(data, dict) and "note_min_n" in data:
            raise ValueError("note_min_n is no longer used: one disclosure rule applies to the note and the profiles; "
                             "write min_n per side instead, e.g. min_n: {employee: 5, leader: 2}")
        return data

    @field_validator("min_n")
    @classmethod
    def _positive(cls, value):
        values = value.values() if isinstance(value, dict) else [value]
        if any(v < 1 for v in values):
            raise ValueError("min_n must be at least 1")
        if isinstance(value, dict) and set(value) != {"employee", "leader"}:
            raise ValueError("min_n per side needs both employee and leader")
        return value

    def for_side(self, side: str | None) -> int:
        """The threshold of a side ('employee', 'leader'); a group pooling both sides uses the smaller one."""
        if isinstance(self.min_n, int):
            return self.min_n
        if side in self.min_n:
            return self.min_n[side]
        return min(self.min_n.values())

    @property
    def strictest(self) -> int:
        """The highest threshold of the rule (for counts of persons, which belong to no side)."""
        return self.min_n if isinstance(self.min_n, int) else max(self.min_n.values())

    @property
    def uniform(self) -> bool:
        return isinstance(self.min_n, int) or len(set(self.min_n.values())) == 1


class DataFiles(_Strict):
    """Where the survey microdata lives and how its columns are named."""

    files: list[ProjectFile]
    respondent: str = "respondent_id"
    wave: str = "wave"
    municipality: str = "municipality"
    role: str | None = Field(default="role", description=(
        "The staff-role column; null when the respondents have no staff role (a citizen survey): every respondent "
        "then belongs to the project's one role, which may be left out (default 'Respondenter')."))
    panel: bool = Field(default=False, description=(
        "A panel: the same respondent id in another wave is the same person (citizens answering the same "
        "questionnaire at linked measurements); otherwise ids are only unique within a wave."))


def _nfc_texts(value: object) -> object:
    if isinstance(value, str):
        return value if value.isascii() else unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc_texts(k): _nfc_texts(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc_texts(v) for v in value]
    return value


class Wording(_Strict):
    """Project-specific phrases the built-in templates use (everything else is derived from the config)."""

    belief: str = Field(default="", description=(
        "A sentence on what the belief questions are about and why they matter; default: a neutral sentence."))


class DocumentSettings(_Strict):
    """Which template a document is made from: a built-in name or a ``.md`` file inside the project."""

    template: str = Field(default="survey-end", description=(
        "A built-in template ('survey-end', 'evaluation-summary') or a Markdown file in the project folder; "
        "single parts can be overridden by files in the project's note/ folder."))


class NoteSettings(DocumentSettings):
    """The note's template and PDF engine."""

    pdf_engine: Literal["typst", "weasyprint"] | None = Field(default=None, description=(
        "What lays the note's PDF out: 'typst' (under a second for a 23-page note) or 'weasyprint' (from the "
        "same HTML as the HTML output; several seconds). Unset: Typst, or WeasyPrint when the brand has a "
        "print.css (CSS, which only WeasyPrint applies). Both break table headers at the same hyphenation "
        "points as the DOCX."))


class ProfileSettings(DocumentSettings):
    """The profiles' template and PDF engine."""

    pdf_engine: Literal["typst", "weasyprint"] | None = Field(default=None, description=(
        "What lays the profiles' PDF out: 'typst' (about 20 ms a page) or 'weasyprint' (the note's engine, from "
        "the same HTML as the HTML output; about 0,15 s a page). Unset: Typst, or WeasyPrint when the brand has "
        "a print.css (CSS, which only WeasyPrint applies)."))


def _default_role(value: object) -> object:
    """A survey without a role column (``data.role: null``) and without ``roles`` gets one role for everybody."""
    if not isinstance(value, dict) or not isinstance(value.get("data"), dict):
        return value
    if "role" in value["data"] and value["data"]["role"] is None and not value.get("roles"):
        from reporter.text.strings import t

        lang = value.get("language", "da") if value.get("language") in ("da", "en") else "da"
        value = {**value, "roles": [{"id": "respondent", "label": t("role_everybody", lang), "side": "employee"}]}
    return value


def _municipality_clashes(names: list[str]) -> list[str]:
    """Two municipalities that are one name spelled twice (case, Unicode normalisation, spaces), or whose
    profiles would get the same file name (``Åby``/``Aaby``): one message naming both, each pair once."""
    from reporter.config.names import name_key, slug

    errors: list[str] = []
    by_key: dict[str, int] = {}
    by_slug: dict[str, int] = {}
    for i, name in enumerate(names):
        key = name_key(name)
        if key in by_key:
            j = by_key[key]
            errors.append(f"municipalities.{i}: {name!r} is the same name as municipalities.{j} {names[j]!r} "
                          "(names are compared ignoring case, Unicode normalisation and spacing)")
            continue
        by_key[key] = i
        file = slug(name)
        if file in by_slug:
            j = by_slug[file]
            errors.append(f"municipalities.{i}: {name!r} and municipalities.{j} {names[j]!r} would share the "
                          f"profile file name {file!r} (rename one of them)")
            continue
        by_slug[file] = i
    return errors


def _alias_problems(municipalities: list[Municipality]) -> list[str]:
    """With ``municipality_names: alias``: every municipality needs an alias, aliases are distinct (also as file
    names), and no alias is the real name of another municipality (an output could not tell them apart)."""
    from reporter.config.names import name_key

    errors = [f"municipalities.{i} ({m.name}).alias: municipality_names is 'alias', so every municipality needs "
              "an alias (e.g. 'Kommune A')" for i, m in enumerate(municipalities) if not (m.alias or "").strip()]
    aliases = [m.alias for m in municipalities if (m.alias or "").strip()]
    if len(aliases) == len(municipalities):
        errors += [e.replace("municipalities.", "aliases of municipalities.") for e in _municipality_clashes(aliases)]
        real = {name_key(m.name): i for i, m in enumerate(municipalities)}
        for i, m in enumerate(municipalities):
            j = real.get(name_key(m.alias or ""))
            if j is not None and j != i:
                errors.append(f"municipalities.{i} ({m.name}).alias: {m.alias!r} is the real name of "
                              f"municipalities.{j}")
    return errors


class Project(_Strict):
    """One evaluation project: everything ``project.yaml`` declares."""

    id: str
    name: str
    title: str
    subtitle: str = ""
    date: dt.date | None = Field(default=None, description="Publication date; also fixes document metadata.")
    brand: str = Field(default="nordlys", pattern=r"^[a-z0-9][a-z0-9_-]*$",
                       description="A brand folder under styles/brands/ (lower-case name).")
    language: Literal["da", "en"] = "da"
    data: DataFiles
    waves: list[Wave]
    municipalities: list[Municipality]
    roles: list[Role]
    scales: dict[str, Scale]
    tracks: list[Track] = Field(default_factory=list)
    items: list[Item]
    belief: list[BeliefQuestion] = Field(default_factory=list)
    coded: list[CodedQuestion] = Field(default_factory=list)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    note: NoteSettings = Field(default_factory=NoteSettings)
    wording: Wording = Field(default_factory=Wording)
    profile: ProfileSettings = Field(default_factory=lambda: ProfileSettings(template="profile"))

    @model_validator(mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        """Every text in project.yaml in Unicode NFC (a file saved on macOS may hold decomposed letters)."""
        return _default_role(_nfc_texts(value))
    register: Register | None = Field(default=None, description="Register data (reporter/config/register.py).")
    costs: Costs | None = Field(default=None, description="Cost analysis (reporter/config/costs.py).")
    municipality_names: Literal["name", "alias"] = Field(default="name", description=(
        "'alias': every output (note, profiles and their file names, HTML, metric exports, service pages) shows "
        "each municipality's alias ('Kommune A') instead of its name; the data files keep the real names."))
    instruments: list[Instrument] = Field(default_factory=list, description=(
        "Validated instruments scored from items (reporter/config/instruments.py)."))

    @field_validator("waves", "municipalities", "roles", "items")
    @classmethod
    def _not_empty(cls, value: list) -> list:
        if not value:
            raise ValueError("must list at least one entry")
        return value

    @model_validator(mode="after")
    def _check_references(self) -> "Project":
        errors: list[str] = []
        wave_ids = [w.id for w in self.waves]
        role_ids = [r.id for r in self.roles]
        item_ids = [i.id for i in self.items]
        for name, ids in (("waves", wave_ids), ("roles", role_ids), ("items", item_ids)):
            dupes = sorted({x for x in ids if ids.count(x) > 1})
            if dupes:
                errors.append(f"{name}: duplicate id {dupes[0]!r}")
        errors.extend(_municipality_clashes([m.name for m in self.municipalities]))
        if self.data.role is None and len(self.roles) != 1:
            errors.append(f"data.role is null (the data have no role column), so roles must list exactly one role "
                          f"(everybody's), not {len(self.roles)}")
        if self.municipality_names == "alias":
            errors.extend(_alias_problems(self.municipalities))
        names = [m.name for m in self.municipalities]
        if self.costs is not None:
            for name in self.costs.participants:
                if name not in names:
                    errors.append(f"costs.participants.{name}: unknown municipality {name!r} "
                                  f"(known: {', '.join(names)})")
        for m_i, muni in enumerate(self.municipalities):
            for w in muni.waves or []:
                if w not in wave_ids:
                    errors.append(f"municipalities.{m_i}.waves: unknown wave {w!r} (known: {', '.join(wave_ids)})")
        for i_i, item in enumerate(self.items):
            where = f"items.{i_i} ({item.id})"
            if item.scale not in self.scales:
                errors.append(f"{where}.scale: unknown scale {item.scale!r} (known: {', '.join(self.scales)})")
            for r in item.roles or []:
                if r not in role_ids:
                    errors.append(f"{where}.roles: unknown role {r!r}")
            for w in list(item.waves or []) + list(item.text_by_wave):
                if w not in wave_ids:
                    errors.append(f"{where}.waves: unknown wave {w!r}")
            if item.filter is not None and item.filter.item not in item_ids[:i_i]:
                errors.append(f"{where}.filter.item: {item.filter.item!r} is not an earlier item")
            if item.fidelity and item.scale in self.scales and self.scales[item.scale].kind != "ordinal":
                errors.append(f"{where}.fidelity: fidelity items need an ordinal scale, {item.scale!r} is not")
        for t_i, track in enumerate(self.tracks):
            for c_i, core in enumerate(track.core_elements):
                for x_i, index in enumerate(core.indices):
                    where = f"tracks.{t_i}.core_elements.{c_i}.indices.{x_i} ({index.id})"
                    for it in index.items + (index.leader_items or []):
                        if it not in item_ids:
                            errors.append(f"{where}: unknown item {it!r}")
        for c_i, coded in enumerate(self.coded):
            if coded.item is not None and coded.item not in item_ids:
                errors.append(f"coded.{c_i}.item: unknown item {coded.item!r}")
        for b_i, belief in enumerate(self.belief):
            if belief.item not in item_ids:
                errors.append(f"belief.{b_i}.item: unknown item {belief.item!r}")
        errors.extend(self._instrument_errors(item_ids))
        for key, rule in self.thresholds.change.items():
            if key not in CHANGE_TABLES:
                errors.append(f"thresholds.change.{key}: unknown table (known: {', '.join(CHANGE_TABLES)})")
            for w in (rule.from_, rule.to):
                if w not in wave_ids:
                    errors.append(f"thresholds.change.{key}: unknown wave {w!r}")
        if errors:
            raise ValueError("; ".join(errors))
        return self

    def with_aliases(self) -> "Project":
        """The project as every output shows it: with ``municipality_names: alias`` each municipality's name
        replaced by its alias (and the per-municipality keys of the config with it); else the project itself.
        Idempotent: the copy's names are its aliases."""
        if self.municipality_names != "alias":
            return self
        public = {m.name: m.alias for m in self.municipalities}
        if all(name == alias for name, alias in public.items()):
            return self
        update: dict = {"municipalities": [m.model_copy(update={"name": m.alias}) for m in self.municipalities]}
        if self.costs is not None:
            update["costs"] = self.costs.model_copy(update={
                "participants": {public.get(k, k): v for k, v in self.costs.participants.items()}})
        return self.model_copy(update=update)

    def _instrument_errors(self, item_ids: list[str]) -> list[str]:
        """Instrument items exist, have an ordinal/single scale and every scored option lies in min–max."""
        errors: list[str] = []
        ids = [x.id for x in self.instruments]
        for n_i, ins in enumerate(self.instruments):
            where = f"instruments.{n_i} ({ins.id})"
            if ids.count(ins.id) > 1:
                errors.append(f"{where}: duplicate instrument id")
            for it in ins.items:
                if it not in item_ids:
                    errors.append(f"{where}.items: unknown item {it!r}")
                    continue
                scale_id = self.item(it).scale
                scale = self.scales.get(scale_id)
                if scale is None:
                    continue
                if scale.kind not in ("ordinal", "single"):
                    errors.append(f"{where}.items: item {it!r} has scale {scale_id!r} of kind {scale.kind!r}; "
                                  "instrument items need an ordinal or single scale")
                    continue
                for o in scale.options:
                    if o.dont_know:
                        continue
                    if o.score is None or not ins.min <= o.score <= ins.max:
                        errors.append(f"{where}.items: option {o.label!r} of scale {scale_id!r} has score "
                                      f"{o.score!r}, outside the instrument's range {ins.min:g}–{ins.max:g}")
        return errors

    def instrument(self, instrument_id: str):
        """The instrument with this id (``KeyError`` naming the known ones)."""
        for ins in self.instruments:
            if ins.id == instrument_id:
                return ins
        raise KeyError(f"unknown instrument {instrument_id!r} (known: {', '.join(i.id for i in self.instruments)})")

    def instrument_of(self, item_id: str):
        """The instrument an item belongs to, or None."""
        return next((ins for ins in self.instruments if item_id in ins.items), None)

    # --- lookups used throughout the pipeline -------------------------------------------------

    def wave(self, wave_id: str) -> Wave:
        return next(w for w in self.waves if w.id == wave_id)

    def role(self, role_id: str) -> Role:
        return next(r for r in self.roles if r.id == role_id)

    def min_n_for(self, group: str) -> int:
        """The disclosure threshold of a metric group: a role id (its side's), a side, or a pooled group
        (``samlet``/``total``: the smaller side threshold, since each side is checked on its own)."""
        side = group if group in ("employee", "leader") else next((r.side for r in self.roles if r.id == group), None)
        return self.thresholds.for_side(side)

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)

    def scale_of(self, item_id: str) -> Scale:
        return self.scales[self.item(item_id).scale]

    @property
    def wave_ids(self) -> list[str]:
        return [w.id for w in self.waves]

    def municipality_waves(self, name: str) -> list[str]:
        muni = next(m for m in self.municipalities if m.name == name)
        return list(muni.waves) if muni.waves is not None else self.wave_ids

    def municipalities_in(self, wave_id: str) -> list[str]:
        """The municipalities that took part in a wave (``municipalities[].waves``; all when omitted)."""
        return [m.name for m in self.municipalities if wave_id in self.municipality_waves(m.name)]

    def left_after(self, name: str) -> str | None:
        """The wave after which a municipality left the project: the last of its ``waves`` when later waves
        follow (SOF: Billund, ``waves: [nulpunkt, midtvejs]`` → ``midtvejs``); None when it stayed to the end."""
        waves = self.municipality_waves(name)
        if not waves or waves[-1] == self.wave_ids[-1]:
            return None
        return waves[-1]

    def indices(self) -> list[tuple[Track, CoreElement, Index]]:
        """All indices in document order with their track and core element."""
        return [(t, c, x) for t in self.tracks for c in t.core_elements for x in c.indices]

    def fidelity_items(self, side: Side | None = None) -> list[str]:
        """Fidelity items, optionally only those asked of at least one role on a side."""
        out = []
        for item in self.items:
            if not item.fidelity:
                continue
            if side is not None:
                roles = item.roles or [r.id for r in self.roles]
                if not any(self.role(r).side == side for r in roles):
                    continue
            out.append(item.id)
        return out

    def asked(self, item_id: str, role_id: str, wave_id: str) -> bool:
        """Whether an item was put to a role in a wave."""
        item = self.item(item_id)
        return (item.roles is None or role_id in item.roles) and (item.waves is None or wave_id in item.waves)
