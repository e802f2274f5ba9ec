"""The report service (``reporter serve``): uploads, render jobs, downloads and municipality pages over HTTP.

Modules: :mod:`.store` (SQLite: tokens, projects, jobs, outputs), :mod:`.auth` (bearer tokens and scopes),
:mod:`.uploads` (zip safety and validation), :mod:`.jobs` (bounded background renders), :mod:`.pages`
(autoescaped HTML) and :mod:`.app` (the FastAPI application).
"""
