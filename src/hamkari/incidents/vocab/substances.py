"""The controlled substance vocabulary.

Every substance has a stable lowercase code (what Seizure.substance stores), a group, an English name, the
DRUG_NAME spellings UNODC uses for it in individual drug seizure (IDS) and annual report questionnaire (ARQ)
data (the first one is what an IDS export writes), and aliases: other spellings, Russian, Dari/Farsi, Pashto
and Urdu names, and street names used in the region. `lookup` matches any of them whatever the case,
spacing, punctuation or Arabic-script keyboard; `suggest` finds the nearest ones for an error message.

Codes never change once data uses them; add new ones instead. docs/vocabulary.md lists the table.
"""

from dataclasses import dataclass
from functools import lru_cache

from hamkari.incidents.vocab._text import fold

GROUPS: dict[str, str] = {
    "opiates": "Opiates",
    "cannabis": "Cannabis",
    "ats": "Amphetamine-type stimulants",
    "cocaine": "Cocaine-type",
    "nps": "New psychoactive substances",
    "pharmaceuticals": "Pharmaceuticals",
    "precursors": "Precursors",
    "other": "Other",
}

UNITS = ("kg", "g", "l", "ml", "tablet", "plant", "unit")


@dataclass(frozen=True)
class Substance:
    code: str
    group: str
    name: str
    unodc_names: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    default_unit: str = "kg"

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every way of writing this substance that `lookup` accepts."""
        return (self.code, self.name, *self.unodc_names, *self.aliases)


def _s(code, group, name, unodc_names, aliases=(), default_unit="kg"):
    return Substance(code, group, name, tuple(unodc_names), tuple(aliases), default_unit)


_ALL = [
    # --- Opiates ------------------------------------------------------------------------------------------
    _s("heroin", "opiates", "Heroin", ["Heroin", "Heroin base", "Heroin hydrochloride", "Heroin (base and salts)"],
       ["героин", "гера", "geroin", "هروئین", "هیروئین", "ہیروئن", "هيروين", "brown sugar", "smack", "gard",
        "گرد",
        # In Iran "crack" (کراک) is a high-purity heroin product, not crack cocaine; only the Farsi spelling
        # is mapped here, the Latin "crack" stays cocaine base.
        "کراک", "heroin crack", "kerak"]),
    _s("opium", "opiates", "Opium", ["Opium", "Opium (raw and prepared)", "Raw opium", "Prepared opium",
                                     "Opium (raw)", "Opium (prepared)", "Opium (raw & prepared)"],
       ["опий", "опиум", "опий-сырец", "тарьяк", "تریاک", "teryak", "taryak", "tariak", "افیون", "آفیون", "afyun",
        "afim", "افیم", "اپیم", "shireh", "شیره", "شیره تریاک", "chandu", "اپین"]),
    _s("morphine", "opiates", "Morphine", ["Morphine", "Illicit morphine", "Morphine base"],
       ["морфин", "морфин-основание", "مورفین", "مارفین", "مورفين"]),
    _s("opiates_other", "opiates", "Other opiates", ["Other opiates", "Opiates", "Opiates (other)",
                                                      "Acetylated opium", "Desomorphine", "Thebaine"],
       ["другие опиаты", "опиаты", "مواد افیونی", "سایر مواد افیونی", "тебаин", "ацетилированный опий",
        "дезоморфин", "крокодил", "krokodil", "homemade opium", "ханка", "ширка"]),
    _s("poppy_straw", "opiates", "Poppy straw", ["Poppy straw", "Poppy straw concentrate", "Poppy capsules",
                                                 "Extract from Opium poppy", "Concentrate of poppy straw"],
       ["маковая солома", "кукнар", "koknar", "kuknar", "کوکنار", "کوکنار خشخاش", "poppy heads", "poppy pods",
        "poppy husk", "doda", "ڈوڈا", "پوست خشخاش", "концентрат маковой соломы", "экстракт маковой соломы"]),
    _s("opium_poppy", "opiates", "Opium poppy plants", ["Opium poppy", "Poppy plants",
                                                        "Opium poppy plants", "Opium poppy plant", "Pavots"],
       ["мак", "мак опийный", "снотворный мак", "кусты мака", "papaver somniferum", "خشخاش", "بوته خشخاش",
        "poppy", "poppy plant"], "plant"),
    # Poppy seeds carry next to no alkaloid and are not controlled under the 1961 Convention, but IDS files
    # hold "Poppy seeds" rows (seed seized before sowing), so they have a code of their own.
    _s("opium_poppy_seed", "opiates", "Opium poppy seeds", ["Poppy seeds", "Poppy seed", "Opium poppy seeds",
                                                            "Opium poppy seed"],
       ["семена мака", "тухми кукнор", "تخم خشخاش", "خشخاش کا بیج"]),

    # --- Cannabis -----------------------------------------------------------------------------------------
    _s("cannabis_herb", "cannabis", "Cannabis herb", ["Cannabis herb (marijuana)", "Cannabis herb", "Marijuana",
                                                      "Herbal cannabis"],
       ["marihuana", "ganja", "weed", "grass", "kush", "skunk", "bhang", "sinsemilla", "марихуана", "марихуанна",
        "бханг", "ماری جوانا", "ماریجوانا", "گانجا", "گل", "بنگ", "بھنگ", "cannabis leaves"]),
    # Cannabis pollen (kief) is the resin glands sifted from the plant, the raw material of hashish.
    _s("cannabis_resin", "cannabis", "Cannabis resin", ["Cannabis resin (hashish)", "Cannabis resin", "Hashish",
                                                        "Cannabis Pollen", "Cannabis pollen (dust)"],
       ["hash", "hasheesh", "charas", "chars", "garda", "гашиш", "анаша", "смола каннабиса", "план", "чарс",
        "حشیش", "حشيش", "چرس", "nasha", "kief", "pollen"]),
    _s("cannabis_oil", "cannabis", "Cannabis oil", ["Cannabis oil", "Hashish oil",
                                                    "Liquid cannabis"],
       ["hash oil", "thc oil", "гашишное масло", "масло каннабиса", "масло канабиса", "روغن حشیش"]),
    _s("cannabis_plant", "cannabis", "Cannabis plants", ["Cannabis plants", "Cannabis plant"],
       ["конопля", "кусты конопли", "растения конопли", "hemp plants", "بوته شاهدانه", "بوته بنگ",
        "بوته چرس"], "plant"),
    _s("cannabis_seed", "cannabis", "Cannabis seeds", ["Cannabis seeds", "Cannabis seed"],
       ["семена конопли", "hemp seed", "شاهدانه", "تخم شاهدانه", "تخم بنگ"]),
    _s("cannabis_other", "cannabis", "Cannabis, other or not specified",
       ["Cannabis", "Non-specified cannabis-type (excluding synthetic cannabinoids)",
        "Other cannabis-type (excluding synthetic cannabinoids)", "Cannabis Sativa", "Edible cannabis", "THC",
        "Other types of cannabis", "Cannabis-type", "Non-specified cannabis"],
       ["каннабис", "наркотики каннабисной группы", "тетрагидроканнабинол", "cannabis products",
        "cannabis edibles"]),

    # --- Amphetamine-type stimulants ----------------------------------------------------------------------
    _s("methamphetamine", "ats", "Methamphetamine", ["Methamphetamine", "Liquid methamphetamine",
                                                     "Methamfetamine"],
       ["метамфетамин", "первитин", "pervitin", "meth", "мет", "مت آمفتامین", "متامفتامین", "میتھ",
        "methylamphetamine", "metamfetamine"]),
    _s("methamphetamine_crystal", "ats", "Crystalline methamphetamine",
       ["Crystalline methamphetamine", "Methamphetamine (crystalline)", "Crystal methamphetamine", "Ice"],
       ["crystal meth", "crystal", "shabu", "shisheh", "shisha", "glass", "кристалл", "лед", "лёд", "шиша",
        "شیشه", "شيشه", "آیس", "آئس", "ice meth"]),
    _s("methamphetamine_tablet", "ats", "Methamphetamine tablets",
       ["Methamphetamine tablets", "Yaba"],
       ["ya ba", "яба", "یابا", "يابا", "meth tablets", "methamphetamine pills", "قرص شیشه"], "tablet"),
    _s("amphetamine", "ats", "Amphetamine", ["Amphetamine", "Amphetamine sulphate", "Amphetamine sulfate",
                                             "Amfetamine"],
       ["амфетамин", "фен", "speed", "آمفتامین", "امفتامین", "ایمفیٹامین", "amphetamines"]),
    _s("captagon", "ats", "Captagon", ["Captagon", "Captagon tablets", "Fenetylline", "Fenethylline"],
       ["каптагон", "фенетиллин", "کپتاگون", "كبتاجون", "كابتاجون", "abu hilalain", "ابو هلالين", "ابو قوس"],
       "tablet"),
    _s("mdma", "ats", "MDMA (ecstasy)", ["Ecstasy", "MDMA", "Ecstasy-type substances",
                                         "Non-specified ecstasy-type substances", "MDA", "MDEA",
                                         "MDMA & Mephedrone", "Ecstasy (MDMA)"],
       ["экстази", "мдма", "molly", "xtc", "اکستازی", "اکس", "ایکسٹیسی", "قرص اکس",
        "3,4-methylenedioxymethamphetamine"], "tablet"),
    _s("methcathinone", "ats", "Methcathinone (ephedrone)", ["Ephedrone", "Methcathinone"],
       ["эфедрон", "меткатинон", "джеф", "мулька"]),
    _s("ats_other", "ats", "Other amphetamine-type stimulants",
       ["Amphetamine-type stimulants excluding 'ecstasy'", "Amphetamine-type stimulants",
        "Other amphetamine-type stimulants", "Non-specified stimulants", "Other stimulants", "ATS",
        "Methylphenidate", "Phentermine", "Amfepramone Hydrochloride", "Modafinil",
        "para-Methoxy-N-methylamphetamine", "Amphetamine-Ketamine Mix"],
       ["стимуляторы амфетаминового ряда", "прочие стимуляторы", "ritalin", "риталин", "phenmetrazine",
        "fenproporex", "pmma", "amfepramone", "diethylpropion"]),

    # --- Cocaine-type -------------------------------------------------------------------------------------
    _s("cocaine", "cocaine", "Cocaine hydrochloride", ["Cocaine", "Cocaine hydrochloride (HCl, powder cocaine)",
                                                       "Cocaine HCL", "Cocaine hydrochloride", "Cocaine salts",
                                                       "Non-specified cocaine-type", "Liquid cocaine"],
       ["кокаин", "кокаина гидрохлорид", "کوکائین", "کوکایین", "کوکین", "كوكايين", "coke", "powder cocaine"]),
    _s("cocaine_base", "cocaine", "Cocaine base (crack)", ["Cocaine base", "Crack cocaine", "Crack",
                                                           "Cocaine base (crack)"],
       ["freebase", "крэк", "крек", "кокаин-основание"]),
    _s("coca_paste", "cocaine", "Coca paste", ["Coca paste", "Cocaine paste", "Coca paste (base)",
                                               "Pasta basica de cocaina"],
       ["pbc", "basuco", "bazuco", "paco", "кокаиновая паста"]),
    _s("coca_leaf", "cocaine", "Coca leaf", ["Coca leaf", "Coca leaves"],
       ["лист коки", "листья коки", "hoja de coca", "برگ کوکا"]),
    _s("coca_bush", "cocaine", "Coca bush", ["Coca bush", "Coca plants", "Coca plant"],
       ["куст коки", "erythroxylum coca"], "plant"),

    # --- New psychoactive substances ----------------------------------------------------------------------
    _s("synthetic_cannabinoids", "nps", "Synthetic cannabinoids",
       ["Synthetic cannabinoids", "Other synthetic cannabinoids (spice)", "Synthetic Cannabinoid", "Spice",
        "JWH-018", "AB-FUBINACA", "AB-PINACA", "AB-CHMINACA", "AM-2201", "UR-144", "HU-210", "XLR-11",
        "5F-ADB", "5F-APINACA, 5F-AKB-48", "MDMB-CHMICA", "MDMB-CHMCZCA", "CUMYL-5F-PINACA", "Methanone",
        "N-(1-carbamoil-2-methylpropyl)-1-(phenylmethyl)-1n-indazole-3-carboxamide and its derivaties",
        "N-(1-carbamoil-2-methylpropil)-1-pentil-1n-indazole-3-carboxamyde and its derivates",
        "3-butenoyl-1-methylindole [1- (1-methyl-1H-indol-3-yl) butan-1-one] and derivatives"],
       ["спайс", "спайсы", "микс", "курительная смесь", "курительные смеси", "синтетические каннабиноиды",
        "k2", "mdmb-4en-pinaca", "adb-butinaca", "اسپایس"]),
    _s("synthetic_cathinones", "nps", "Synthetic cathinones",
       ["Synthetic cathinones", "Non-specified Synthetic cathinones", "Mephedrone",
        "Mephedrone (4-methylmethcathinone, 4-MMC)", "4-Chloromethcathinone (4-CMC, Clephedrone)",
        "4-Chloromethcathinone", "4-CMC", "CHLORMETHCATHINON", "4-fluoromethcathinone", "Alpha-pvp", "MDPV",
        "4-MEC", "2-MMC", "Methylone", "Ephylone", "bk_MDEA", "4-CI-a-PVP", "Pyrovalerone",
        "N-Methylephedrone", "Cathinone"],
       ["мефедрон", "меф", "соль", "соли", "скорость", "α-pvp", "a-pvp", "альфа-pvp", "альфа-пвп",
        "bath salts", "3-mmc", "4-mmc", "синтетические катиноны", "مفدرون"]),
    _s("ketamine", "nps", "Ketamine", ["Ketamine"], ["кетамин", "کتامین", "كيتامين", "special k"]),
    # UNODC's early warning advisory counts khat among plant-based NPS.
    _s("khat", "nps", "Khat", ["Khat", "Qat", "Khat (Catha edulis)", "Catha edulis"],
       ["kat", "qaat", "miraa", "кат", "قات"]),
    _s("kratom", "nps", "Kratom", ["Kratom", "Mitragyna speciosa"], ["кратом", "کراتوم"]),
    _s("nitazenes", "nps", "Nitazenes", ["Nitazenes", "Isotonitazene", "Metonitazene", "Protonitazene"],
       ["нитазены", "изотонитазен"]),
    _s("fentanyl_analogues", "nps", "Fentanyl analogues", ["Fentanyl analogues", "Carfentanil", "3-Methylfentanyl",
                                                           "Acetylfentanyl"],
       ["аналоги фентанила", "карфентанил", "3-метилфентанил"]),
    _s("nps_other", "nps", "Other new psychoactive substances",
       ["New psychoactive substances", "Other NPS", "Non-specified NPS", "NPS", "Synthetics", "Phenethylamines",
        "Benzylpiperazine", "Phenylpiperazine", "2C-B", "2C-B (4-bromo-2,5-dimethoxyphenethylamine)", "2C-E",
        "2C-H", "25I-NBOMe", "25B-NBOMe", "DOC", "4-Fluoroamphetamine", "6-MAPB", "Thiopropamine", "MDPA",
        "Ethylphenidate", "4-HO-DiPT", "Fuelite", "Plant-based substances", "Tryptamines", "Piperazines"],
       ["новые психоактивные вещества", "нпв", "bzp", "mcpp", "4-fa"]),

    # --- Pharmaceuticals ----------------------------------------------------------------------------------
    _s("tramadol", "pharmaceuticals", "Tramadol", ["Tramadol", "Tramadol hydrochloride"],
       ["трамадол", "трамал", "tramal", "ترامادول", "ٹرامادول", "tamol", "tafrodol", "tramadol tablets"],
       "tablet"),
    _s("codeine", "pharmaceuticals", "Codeine", ["Codeine", "Codeine phosphate", "Codeine-based cough syrup"],
       ["кодеин", "کدئین", "کودین", "کوڈین", "codeine syrup", "corex", "phensedyl", "фенседил"], "ml"),
    _s("buprenorphine", "pharmaceuticals", "Buprenorphine", ["Buprenorphine", "Subutex (buprenorphine)"],
       ["бупренорфин", "субутекс", "subutex", "temgesic", "tidigesic", "norphin", "بوپرنورفین"], "tablet"),
    _s("methadone", "pharmaceuticals", "Methadone", ["Methadone"], ["метадон", "متادون", "میتھاڈون"], "ml"),
    _s("fentanyl", "pharmaceuticals", "Fentanyl", ["Fentanyl", "Fentanil"], ["фентанил", "فنتانیل", "فنتانيل"]),
    _s("pharmaceutical_opioids_other", "pharmaceuticals", "Other pharmaceutical opioids",
       ["Other pharmaceutical opioids", "Pharmaceutical opioids", "Other synthetic opioids", "Synthetic opioids",
        "Other opioids", "Opioids", "Oxycodone", "Hydrocodone", "Hydromorphone", "Tapentadol", "Pentazocine",
        "Spasmo proxyvon", "Substitol (slow release Morphine)", "Pethidine", "Dextropropoxyphene"],
       ["оксикодон", "петидин", "промедол", "trimeperidine", "тапентадол", "nalbuphine", "tilidine", "тилидин",
        "morphine tablets", "proxyvon"]),
    _s("benzodiazepines", "pharmaceuticals", "Benzodiazepines",
       ["Benzodiazepines", "Benzodiazepine", "Benzodiazepine-type sedatives", "Diazepam", "Alprazolam (Xanax)",
        "Alprazolam (Xanax, Pranax, Ksalol)", "Clonazepam", "Clonazepam (Rivotril)", "Lorazepam",
        "Lorazepam (Ativan, Temesta)", "Bromazepam", "Brotizolam", "Nitrazepam", "Nimetazepam", "Clobazam",
        "Oxazepam", "Medazepam", "Flunitrazepam", "Phenazepam", "Etizolam"],
       ["диазепам", "valium", "alprazolam", "алпразолам", "xanax", "ксанакс", "клоназепам", "rohypnol",
        "феназепам", "دیازپام", "آلپرازولام", "کلونازپام", "بنزودیازپین", "ڈائزیپام"], "tablet"),
    _s("pregabalin", "pharmaceuticals", "Pregabalin", ["Pregabalin"],
       ["прегабалин", "лирика", "lyrica", "پرگابالین", "پریگابالین", "gabapentin", "габапентин"], "tablet"),
    _s("methaqualone", "pharmaceuticals", "Methaqualone", ["Methaqualone", "Mandrax"],
       ["метаквалон", "мандракс"], "tablet"),
    _s("barbiturates", "pharmaceuticals", "Barbiturates", ["Barbiturates", "Phenobarbital"],
       ["барбитураты", "фенобарбитал", "باربیتورات"], "tablet"),
    _s("sedatives_other", "pharmaceuticals", "Other sedatives and tranquillizers",
       ["Other sedatives and tranquillizers", "Sedatives and tranquillizers", "Zolpidem", "Zopiclone",
        "Sedatives", "Tranquillizers"],
       ["снотворные", "транквилизаторы", "золпидем", "зопиклон", "آرام‌بخش"], "tablet"),
    _s("anabolic_steroids", "pharmaceuticals", "Anabolic steroids", ["Anabolic steroids", "Methandrostenolone"],
       ["анаболические стероиды", "стероиды", "steroids", "استروئید"], "tablet"),
    _s("pharmaceuticals_other", "pharmaceuticals", "Other pharmaceuticals",
       ["Non-specified pharmaceuticals", "Non-specified psychotropic substances", "Other pharmaceuticals",
        "Pharmaceuticals", "Psychotropic substances", "Dextromethorphan", "Cough sirups", "GABA", "Karcidone"],
       ["лекарственные препараты", "психотропные вещества", "tropicamide", "тропикамид", "декстрометорфан",
        "cough syrup", "cyclopentolate", "phenibut", "фенибут", "داروهای روانگردان"], "tablet"),

    # --- Precursors (1988 Convention tables I and II, and chemicals the region seizes) ---------------------
    _s("acetic_anhydride", "precursors", "Acetic anhydride", ["Acetic anhydride"],
       ["уксусный ангидрид", "ангидрид уксусной кислоты", "انیدرید استیک", "ایندرید استیک", "اسید انیدرید",
        "انهيدريد الخل", "ac2o", "ethanoic anhydride"], "l"),
    _s("ephedrine", "precursors", "Ephedrine", ["Ephedrine", "Ephedrine hydrochloride"],
       ["эфедрин", "افدرین", "ایفیڈرین", "ephedrine tablets"]),
    _s("pseudoephedrine", "precursors", "Pseudoephedrine", ["Pseudoephedrine", "Pseudoephedrine hydrochloride"],
       ["псевдоэфедрин", "سودوافدرین", "پسودوافدرین", "سیوڈوایفیڈرین"]),
    _s("norephedrine", "precursors", "Norephedrine", ["Norephedrine", "Phenylpropanolamine"], ["норэфедрин"]),
    # Ephedra is not scheduled, but since about 2018 Afghan methamphetamine has been made from the wild shrub,
    # so its seizures matter in the region.
    _s("ephedra", "precursors", "Ephedra", ["Ephedra", "Ephedra plant"],
       ["эфедра", "хвойник", "oman", "avan", "اومان", "اومه", "ephedra sinica", "ephedra intermedia"]),
    _s("p2p", "precursors", "1-Phenyl-2-propanone (P-2-P)", ["1-Phenyl-2-propanone", "P-2-P",
                                                             "Phenylacetone", "BMK"],
       ["фенилацетон", "фенил-2-пропанон", "1-фенил-2-пропанон", "benzyl methyl ketone", "фенилпропанон"], "l"),
    _s("apaan", "precursors", "APAAN, APAA and MAPA", ["APAAN", "APAA", "MAPA", "alpha-Phenylacetoacetonitrile",
                                                       "alpha-Phenylacetoacetamide",
                                                       "Methyl alpha-phenylacetoacetate"],
       ["альфа-фенилацетоацетонитрил"]),
    _s("phenylacetic_acid", "precursors", "Phenylacetic acid", ["Phenylacetic acid"],
       ["фенилуксусная кислота", "اسید فنیل استیک"]),
    # IDS files list "MDP2P" among ecstasy rows; it is the PMK precursor, not a drug.
    _s("pmk", "precursors", "3,4-MDP-2-P (PMK)", ["3,4-MDP-2-P", "PMK", "MDP2P", "PMK-glycidate",
                                                  "3,4-MDP-2-P methyl glycidate",
                                                  "3,4-Methylenedioxyphenyl-2-propanone",
                                                  "Piperonyl methyl ketone"],
       ["3,4-метилендиоксифенил-2-пропанон", "пмк", "pmk glycidic acid"], "l"),
    _s("safrole", "precursors", "Safrole", ["Safrole", "Safrole-rich oils", "Sassafras oil"],
       ["сафрол", "масло сассафраса"], "l"),
    _s("isosafrole", "precursors", "Isosafrole", ["Isosafrole"], ["изосафрол"], "l"),
    _s("piperonal", "precursors", "Piperonal", ["Piperonal", "Heliotropin"], ["пиперональ"]),
    _s("potassium_permanganate", "precursors", "Potassium permanganate", ["Potassium permanganate"],
       ["перманганат калия", "марганцовка", "kmno4", "پرمنگنات پتاسیم", "پتاسیم پرمنگنات"]),
    _s("anthranilic_acid", "precursors", "Anthranilic acid", ["Anthranilic acid"], ["антраниловая кислота"]),
    _s("n_acetylanthranilic_acid", "precursors", "N-Acetylanthranilic acid", ["N-Acetylanthranilic acid"],
       ["n-ацетилантраниловая кислота"]),
    _s("lysergic_acid", "precursors", "Lysergic acid, ergotamine and ergometrine",
       ["Lysergic acid", "Ergotamine", "Ergometrine"], ["лизергиновая кислота", "эрготамин", "эргометрин"]),
    _s("fentanyl_precursors", "precursors", "Fentanyl precursors",
       ["Fentanyl precursors", "ANPP", "NPP", "4-AP", "1-boc-4-AP", "Norfentanyl",
        "1-phenethyl-4-hydroxypiperidine"],
       ["прекурсоры фентанила"]),
    _s("acetone", "precursors", "Acetone", ["Acetone"], ["ацетон", "استون", "dimethyl ketone"], "l"),
    _s("ethyl_ether", "precursors", "Ethyl ether", ["Ethyl ether", "Diethyl ether"],
       ["этиловый эфир", "диэтиловый эфир", "ether", "اتر"], "l"),
    _s("hydrochloric_acid", "precursors", "Hydrochloric acid", ["Hydrochloric acid"],
       ["соляная кислота", "хлороводородная кислота", "اسید کلریدریک", "جوهر نمک", "muriatic acid"], "l"),
    _s("sulphuric_acid", "precursors", "Sulphuric acid", ["Sulphuric acid", "Sulfuric acid"],
       ["серная кислота", "اسید سولفوریک", "جوهر گوگرد", "h2so4"], "l"),
    _s("methyl_ethyl_ketone", "precursors", "Methyl ethyl ketone", ["Methyl ethyl ketone", "MEK", "Butanone"],
       ["метилэтилкетон", "бутанон"], "l"),
    _s("toluene", "precursors", "Toluene", ["Toluene"], ["толуол", "تولوئن"], "l"),
    _s("piperidine", "precursors", "Piperidine", ["Piperidine"], ["пиперидин"], "l"),
    # Not scheduled, but used in Afghan heroin processing and seized in quantity by the region's agencies.
    _s("ammonium_chloride", "precursors", "Ammonium chloride", ["Ammonium chloride"],
       ["хлорид аммония", "нашатырь", "نوشادر", "کلرید آمونیوم"]),
    _s("precursors_other", "precursors", "Other precursors and chemicals",
       ["Other precursors", "Precursors", "Precursor chemicals", "Chemicals", "Other chemicals",
        "Essential chemicals", "Acetone/Ethyl Ether", "Sodium Carbonate", "Sodium hydroxide", "Iodine",
        "Hypophosphorous Acid", "Phosphorous Acid", "Phenyl-2-nitropropene", "Methylester", "Methyl ether",
        "Red phosphorus", "Methylamine"],
       ["прекурсоры", "химикаты", "химические вещества", "مواد شیمیایی", "پیش‌سازها", "کیمیاوی مواد",
        "calcium oxide", "сода", "метиламин", "красный фосфор", "йод", "p2np"], "l"),

    # --- Other --------------------------------------------------------------------------------------------
    _s("lsd", "other", "LSD", ["LSD", "Lysergide", "LSD (lysergide)"],
       ["лсд", "марки", "blotter", "ال اس دی"], "unit"),
    _s("hallucinogenic_mushrooms", "other", "Hallucinogenic mushrooms",
       ["Psilocybin (mushrooms)", "Psilocybin", "Hallucinogenic mushrooms", "Magic mushrooms"],
       ["псилоцибин", "грибы", "галлюциногенные грибы", "псилоцибиновые грибы", "psilocin", "قارچ جادویی"]),
    _s("hallucinogens_other", "other", "Other hallucinogens",
       ["Other hallucinogens", "Non-specified hallucinogens", "Hallucinogens", "Dimethyltryptamine (DMT)", "DMT",
        "Mescaline", "Peyote", "Phencyclidine", "PCP", "DOB", "Ayahuasca"],
       ["галлюциногены", "фенциклидин", "мескалин", "пейот", "дмт", "توهم‌زا"]),
    _s("ghb", "other", "GHB and GBL", ["GHB", "GBL", "GHB/GBL", "Gamma-hydroxybutyric acid",
                                       "gamma-Butyrolactone"],
       ["оксибутират натрия", "gamma hydroxybutyrate"], "l"),
    _s("inhalants", "other", "Inhalants", ["Inhalants", "Solvents and inhalants", "Volatile solvents"],
       ["ингалянты", "клей", "glue", "poppers"], "l"),
    # Not a controlled drug, but IDS files carry tobacco rows ("Tabacco"), and smuggled tobacco and naswar
    # cross the region's borders with other contraband.
    _s("tobacco", "other", "Tobacco", ["Tobacco", "Tabacco"],
       ["табак", "насвай", "naswar", "nasvay", "تنباکو", "نسوار", "تمباکو"]),
    _s("other", "other", "Other or unidentified substance",
       ["Other", "Other-miscellaneous", "Unknown", "Multiple drugs", "Acyl", "Other drugs", "Others",
        "Other substances", "Unknown substance", "Unidentified substance"],
       ["другое", "прочие", "неизвестное вещество", "سایر", "دیگر", "ماده ناشناخته", "دیگر مواد"]),
]

SUBSTANCES: dict[str, Substance] = {s.code: s for s in _ALL}


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Folded spelling -> code. Built once; a spelling that two substances share is a bug caught by tests."""
    index: dict[str, str] = {}
    for s in SUBSTANCES.values():
        for spelling in s.spellings:
            key = fold(spelling)
            if key:
                index.setdefault(key, s.code)
    return index


def collisions() -> list[tuple[str, str, str]]:
    """(folded spelling, first code, second code) for every spelling claimed by two substances (for tests)."""
    seen: dict[str, str] = {}
    clashes = []
    for s in SUBSTANCES.values():
        for spelling in s.spellings:
            key = fold(spelling)
            if key in seen and seen[key] != s.code:
                clashes.append((key, seen[key], s.code))
            seen.setdefault(key, s.code)
    return clashes


def lookup(name: str) -> Substance | None:
    """The substance written as `name` (code, English, UNODC or alias spelling, any script), or None."""
    key = fold(name)
    if not key:
        return None
    code = _index().get(key)
    return SUBSTANCES[code] if code else None


@lru_cache(maxsize=1)
def _choices() -> tuple[list[str], list[str]]:
    keys, codes = [], []
    for key, code in _index().items():
        keys.append(key)
        codes.append(code)
    return keys, codes


def suggest(name: str, limit: int = 3) -> list[Substance]:
    """The substances whose spellings are nearest to `name`, best first, for "did you mean ...?" messages.

    Only close candidates are returned: at least 70 % similar, and within 10 points of the best one, so that
    "heroine" suggests heroin alone rather than heroin and two unrelated names. [] for empty input.
    """
    from rapidfuzz import fuzz, process

    key = fold(name)
    if not key or not isinstance(limit, int) or limit <= 0:
        return []
    keys, codes = _choices()
    # WRatio forgives typos and extra words ("cocaine hcl powder"); on very short input its partial matching
    # finds a letter inside everything, so short input is compared whole.
    scorer = fuzz.WRatio if len(key) >= 4 else fuzz.ratio
    found = process.extract(key, keys, scorer=scorer, limit=limit * 10, score_cutoff=70)
    if not found:
        return []
    floor = found[0][1] - 10
    result: list[Substance] = []
    for _key, score, i in found:
        if score < floor:
            break
        substance = SUBSTANCES[codes[i]]
        if substance not in result:
            result.append(substance)
            if len(result) == limit:
                break
    return result
