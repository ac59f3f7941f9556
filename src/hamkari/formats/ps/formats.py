# Pashto: same formats as Dari (day month year, 24-hour clock, Saturday first).
from hamkari.formats.fa_AF.formats import *  # noqa: F403
