"""Word lists the entity stages share. The project owns these lists; extend them here."""

from __future__ import annotations

import re

from tidings.nlp.titles import title_words

#: Words that open a person's name in news copy but are not part of the name:
#: honorifics, civil titles, military and police ranks (lower-cased). Derived from the
#: project's lexicon of posts, ``data/titles.tsv`` (see ``tidings.nlp.titles``).
TITLE_WORDS: frozenset[str] = title_words()

#: Heads of official bodies: an ORG ending in one of these may continue with
#: "of/for/on <ORG>" and stay one name ("the Council of Foreign Ministers of the ...").
BODY_NOUNS: frozenset[str] = frozenset(
    """
    council committee commission ministry department service agency office directorate
    board bureau administration secretariat assembly chamber court tribunal conference
    forum summit parliament senate congress cabinet command staff force forces guard
    union organization organisation alliance fund bank institute centre center authority
    headquarters mission delegation group structure network programme
    rada duma knesset majlis mazhilis kenesh sejm seimas saeima bundestag bundesrat
    storting riksdag folketing
    """.split()
)

#: Page chrome that must never be an entity: font-size buttons, share links, etc.
CHROME_ENTITY = re.compile(
    r"^(?:a\s?[+\-]|\d+\s*px|share|print|tweet|e-?mail|read more|read also|subscribe|"
    r"comments?|advertisement|cookies?|whatsapp|telegram channel|follow us|login|log in|"
    r"sign in|sign up|menu|home|search|photo|video)$",
    re.IGNORECASE,
)

#: Entity labels that name things (numeric labels such as DATE or MONEY are not entities).
NAMED_LABELS: frozenset[str] = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART",
     "LANGUAGE"}
)

#: Function words skipped when forming an acronym from a long name.
ACRONYM_STOPWORDS: frozenset[str] = frozenset({"of", "the", "for", "and", "on", "in", "de", "&"})

#: Endings of surnames common in the post-Soviet space, the Caucasus and the Balkans;
#: two or three capitalised words ending in one of these and outside any entity are
#: taken as a person's name ("Kassym-Jomart Tokayev").
SURNAME_ENDINGS: tuple[str, ...] = (
    "ov", "ova", "ev", "eva", "yev", "yeva", "iev", "ieva", "in", "ina", "uly", "kyzy",
    "uulu", "yan", "ian", "enko", "shvili", "dze", "zade", "zada", "oglu", "ski", "sky",
    "skiy", "ska", "vich", "vic", "ovic", "evic", "ovich", "evich", "bekov", "bayev",
    "chuk", "yuk", "iuk",
)

#: Heads of treaty names: "the Treaty on Allied Relations" is one LAW.
TREATY_NOUNS: frozenset[str] = frozenset(
    {"treaty", "agreement", "convention", "declaration", "charter", "protocol", "memorandum",
     "accord", "pact"}
)

#: Organisations news names by a bare name the small model often misses. Added as ORG
#: only where the model found no entity.
KNOWN_ORGANISATIONS: tuple[str, ...] = (
    "NATO", "United Nations", "UN", "European Union", "EU", "OSCE", "CSTO", "SCO", "CIS",
    "EAEU", "Eurasian Economic Union", "ASEAN", "African Union", "Arab League", "OPEC",
    "IMF", "World Bank", "WHO", "UNESCO", "UNICEF", "UNHCR", "ICRC", "Red Cross",
    "Interpol", "Europol", "IAEA", "WTO", "G7", "G20", "BRICS", "Gazprom", "Rosneft",
    "Lukoil", "Novatek", "Transneft", "Rosatom", "SOCAR", "KazMunayGas", "Kazatomprom",
    "Uzbekneftegaz", "Turkmengaz", "Naftogaz", "Ukrenergo", "Wagner Group", "Hamas",
    "Hezbollah", "Taliban", "Islamic State", "ISIS", "ISIL", "Daesh", "al-Qaeda",
    "Al-Qaeda", "Houthis", "Kremlin", "Pentagon", "State Department", "Foreign Office",
    "State Duma", "Federation Council", "Verkhovna Rada", "Mazhilis", "Oliy Majlis",
    "Jogorku Kenesh", "Knesset", "Bundestag", "Sejm", "Majlis",
    # platforms and news agencies the copy cites
    "Twitter", "Facebook", "Instagram", "YouTube", "TikTok", "WhatsApp", "Truth Social",
    "Reuters", "Associated Press", "AFP", "Agence France-Presse", "TASS", "RIA Novosti",
    "Interfax", "Xinhua", "Anadolu Agency", "Sputnik", "Sputnik News", "Kazinform",
    "Kabar", "AKIpress", "Trend", "Al Jazeera", "CNN", "BBC", "Roscosmos",
)

#: Heads of the names of documents, laws, treaties and awards: such a name is no
#: organisation, person or place ("the Budapest Memorandum", "Executive Order",
#: "Medal of the Knesset" is headed by "Medal").
DOCUMENT_HEADS: frozenset[str] = TREATY_NOUNS | frozenset(
    """
    act law order orders decree resolution code constitution doctrine charter medal
    medals prize award declarations agreements memorandums accords
    """.split()
)

#: Prefixes of ship names ("USS Charlotte", "HMS Defender"): a ship is no person.
SHIP_PREFIXES: frozenset[str] = frozenset(
    {"USS", "HMS", "HMCS", "HMAS", "HMNZS", "INS", "IRIS", "RFS", "MV", "MS", "SS", "RV",
     "TCG", "ROKS", "JS", "PNS", "FS"}
)

#: Weapon systems news names like people or places ("Kinzhal", "Iskander").
WEAPON_NAMES: frozenset[str] = frozenset(
    """
    Kinzhal Kalibr Tsirkon Zircon Iskander Yars Sineva Bulava Sarmat Avangard Oreshnik
    Topol Tochka Tornado Smerch Uragan Grad Krasnopol Lancet Geran Shahed Onyx Oniks
    HIMARS ATACMS Javelin Stinger Patriot Tomahawk Taurus Bayraktar Leopard Abrams
    Bradley Challenger Storm Shadow Scalp Harpoon Neptune Hellfire Reaper Predator
    """.split()
)

#: Diseases the small model takes for names ("COVID-19").
DISEASE_NAMES: frozenset[str] = frozenset(
    {"COVID-19", "COVID", "Covid-19", "Covid", "SARS-CoV-2", "Ebola", "MERS", "SARS",
     "H5N1", "Mpox", "Zika"}
)
