"""Translated labels for the substance vocabulary (the Django side of incidents/vocab/substances.py).

The vocabulary itself is plain Python; its English names are repeated here as literal gettext calls so that
`makemessages` extracts them. tests/incidents/vocab checks that both lists stay the same.
"""

from django.utils.translation import gettext_lazy as _

from hamkari.incidents.vocab.substances import GROUPS, SUBSTANCES

SUBSTANCE_GROUP_LABELS = {
    "opiates": _("Opiates"),
    "cannabis": _("Cannabis"),
    "ats": _("Amphetamine-type stimulants"),
    "cocaine": _("Cocaine-type"),
    "nps": _("New psychoactive substances"),
    "pharmaceuticals": _("Pharmaceuticals"),
    "precursors": _("Precursors"),
    "other": _("Other"),
}

SUBSTANCE_LABELS = {
    "heroin": _("Heroin"),
    "opium": _("Opium"),
    "morphine": _("Morphine"),
    "opiates_other": _("Other opiates"),
    "poppy_straw": _("Poppy straw"),
    "opium_poppy": _("Opium poppy plants"),
    "opium_poppy_seed": _("Opium poppy seeds"),
    "cannabis_herb": _("Cannabis herb"),
    "cannabis_resin": _("Cannabis resin"),
    "cannabis_oil": _("Cannabis oil"),
    "cannabis_plant": _("Cannabis plants"),
    "cannabis_seed": _("Cannabis seeds"),
    "cannabis_other": _("Cannabis, other or not specified"),
    "methamphetamine": _("Methamphetamine"),
    "methamphetamine_crystal": _("Crystalline methamphetamine"),
    "methamphetamine_tablet": _("Methamphetamine tablets"),
    "amphetamine": _("Amphetamine"),
    "captagon": _("Captagon"),
    "mdma": _("MDMA (ecstasy)"),
    "methcathinone": _("Methcathinone (ephedrone)"),
    "ats_other": _("Other amphetamine-type stimulants"),
    "cocaine": _("Cocaine hydrochloride"),
    "cocaine_base": _("Cocaine base (crack)"),
    "coca_paste": _("Coca paste"),
    "coca_leaf": _("Coca leaf"),
    "coca_bush": _("Coca bush"),
    "synthetic_cannabinoids": _("Synthetic cannabinoids"),
    "synthetic_cathinones": _("Synthetic cathinones"),
    "ketamine": _("Ketamine"),
    "khat": _("Khat"),
    "kratom": _("Kratom"),
    "nitazenes": _("Nitazenes"),
    "fentanyl_analogues": _("Fentanyl analogues"),
    "nps_other": _("Other new psychoactive substances"),
    "tramadol": _("Tramadol"),
    "codeine": _("Codeine"),
    "buprenorphine": _("Buprenorphine"),
    "methadone": _("Methadone"),
    "fentanyl": _("Fentanyl"),
    "pharmaceutical_opioids_other": _("Other pharmaceutical opioids"),
    "benzodiazepines": _("Benzodiazepines"),
    "pregabalin": _("Pregabalin"),
    "methaqualone": _("Methaqualone"),
    "barbiturates": _("Barbiturates"),
    "sedatives_other": _("Other sedatives and tranquillizers"),
    "anabolic_steroids": _("Anabolic steroids"),
    "pharmaceuticals_other": _("Other pharmaceuticals"),
    "acetic_anhydride": _("Acetic anhydride"),
    "ephedrine": _("Ephedrine"),
    "pseudoephedrine": _("Pseudoephedrine"),
    "norephedrine": _("Norephedrine"),
    "ephedra": _("Ephedra"),
    "p2p": _("1-Phenyl-2-propanone (P-2-P)"),
    "apaan": _("APAAN, APAA and MAPA"),
    "phenylacetic_acid": _("Phenylacetic acid"),
    "pmk": _("3,4-MDP-2-P (PMK)"),
    "safrole": _("Safrole"),
    "isosafrole": _("Isosafrole"),
    "piperonal": _("Piperonal"),
    "potassium_permanganate": _("Potassium permanganate"),
    "anthranilic_acid": _("Anthranilic acid"),
    "n_acetylanthranilic_acid": _("N-Acetylanthranilic acid"),
    "lysergic_acid": _("Lysergic acid, ergotamine and ergometrine"),
    "fentanyl_precursors": _("Fentanyl precursors"),
    "acetone": _("Acetone"),
    "ethyl_ether": _("Ethyl ether"),
    "hydrochloric_acid": _("Hydrochloric acid"),
    "sulphuric_acid": _("Sulphuric acid"),
    "methyl_ethyl_ketone": _("Methyl ethyl ketone"),
    "toluene": _("Toluene"),
    "piperidine": _("Piperidine"),
    "ammonium_chloride": _("Ammonium chloride"),
    "precursors_other": _("Other precursors and chemicals"),
    "lsd": _("LSD"),
    "hallucinogenic_mushrooms": _("Hallucinogenic mushrooms"),
    "hallucinogens_other": _("Other hallucinogens"),
    "ghb": _("GHB and GBL"),
    "inhalants": _("Inhalants"),
    "tobacco": _("Tobacco"),
    "other": _("Other or unidentified substance"),
}


def substance_label(code: str):
    """The translated name of a substance code; the code itself when it is not in the vocabulary."""
    return SUBSTANCE_LABELS.get(code, code) if isinstance(code, str) else code


def group_label(code: str):
    """The translated name of a substance group code; the code itself when unknown."""
    return SUBSTANCE_GROUP_LABELS.get(code, code) if isinstance(code, str) else code


def substance_choices() -> list:
    """Grouped choices for a form select: [(group label, [(code, label), ...]), ...], in vocabulary order."""
    grouped: dict[str, list] = {code: [] for code in GROUPS}
    for substance in SUBSTANCES.values():
        grouped[substance.group].append((substance.code, substance_label(substance.code)))
    return [(SUBSTANCE_GROUP_LABELS[group], choices) for group, choices in grouped.items() if choices]
