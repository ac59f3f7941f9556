"""File import of incidents and seizures: CSV or XLSX, in the Hamkari template or the UNODC IDS format.

readers.py   bytes -> rows of text (encodings, delimiters, XLSX, zip-bomb and quoting checks)
values.py    cell text -> dates, amounts, units, checked text
formats/     rows -> records (one incident each) or row problems
writer.py    records -> incidents, seizures, routes and entities, in bulk, in one transaction
services.py  create_batch / run_batch / enqueue / problems_csv: what the web, the CLI and the API call
template.py  the downloadable Hamkari template
"""
