from reporter.cli import app

app()
