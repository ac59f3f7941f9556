"""The file formats the importer reads: the Hamkari template and the UNODC individual drug seizure format."""

from hamkari.incidents.importing.formats.hamkari import HamkariFormat
from hamkari.incidents.importing.formats.ids import IdsFormat

FORMATS = {"hamkari": HamkariFormat, "ids": IdsFormat}


def get_format(code: str):
    return FORMATS[code]()
