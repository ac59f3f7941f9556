# Pashto: day month year, 24-hour clock; Babel's filters (num, ldate) give the native digits.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "G:i"
DATETIME_FORMAT = "j F Y، G:i"
SHORT_DATE_FORMAT = "Y/m/d"
SHORT_DATETIME_FORMAT = "Y/m/d G:i"
DECIMAL_SEPARATOR = "٫"
THOUSAND_SEPARATOR = "٬"
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 6  # Saturday
