"""Messages of ``reporter absorb`` (edits in the Word file written back into the template)."""

MESSAGES = {
    "column": "column",
    "table": "Table",
    "insertion": "insertion",
    "deletion": "deletion",
    "no_ids": "{file}: no blocks marked by reporter were found (content controls and their bookmarks deleted, "
              "or the file was not rendered by reporter) — nothing can be matched",
    "unknown_id": "{id}: this block is not in the project's template (a file from another project or another "
                  "template version)",
    "stale": "{file} was changed since the DOCX was rendered (another template version) — its blocks cannot be "
             "matched by line; render the note again and redo the edits there, or absorb with --partial",
    "unknown_marks": "{n} block(s) marked by reporter are not in the project's template as it is now (a file from "
                     "another project or another template version)",
    "none_found": "none of the {n} authored blocks of the project's template are in {file}",
    "missing": "{where}: the block '{text}' was not found in the edited file (deleted, or its content control "
               "removed) — delete it in the template if that was meant",
    "pending": "{where}: pending tracked {kind} '{text}' by {author} — not absorbed; accept or reject it in Word, "
               "or use --accept-changes",
    "comment": "comment by {author}: '{text}' (at '{anchor}')",
    "value_unknown": "{where}: a computed value '{text}' whose expression cannot be found",
    "value_typed_over": "{where}, {{{{ {expression} }}}}: {old} was typed over with {new} — computed values cannot "
                        "be edited; change the data or add a note",
    "cell_typed_over": "{where}: {old} was typed over with {new} — computed values cannot be edited; change the "
                       "data or add a note",
    "generated_edited": "text outside the marked blocks '{old}' was changed to '{new}' — headings, box titles and "
                        "quote attributions are changed in the template; computed captions and notes by the data",
    "generated_deleted": "generated text '{old}' was deleted — it comes back at the next render",
    "tables_count": "the edited file has {new} computed tables, the project makes {old} — tables cannot be "
                    "added or deleted in Word",
    "table_shape": "{table}: rows or columns were added or deleted — computed tables cannot be edited",
    "new_unplaced": "a new paragraph '{text}' has no authored paragraph next to it to be placed by",
    "new_with_value": "a new paragraph '{text}' holds a copied computed value — write it in the template with "
                      "{{{{ … }}}}",
    "builtin_main": "{file}: the main file of a built-in template cannot be overridden; set note: template: to a "
                    "copy of it in the project",
}
