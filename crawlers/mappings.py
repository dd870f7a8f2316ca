"""TMDB's genres, countries and French certifications mapped to the history's labels.

The history (JP's Box-Office) gives each film one genre and one nationality, in French. TMDB gives
several genres (ids) and countries (ISO 3166-1 codes). The tables below are the one place where
one becomes the other; a TMDB value mapped to None has no equivalent in the history.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

# https://developer.themoviedb.org/reference/genre-movie-list (ids are stable across languages)
TMDB_GENRE_LABELS: Final[dict[int, str | None]] = {
    28: "Aventure - Action",  # Action
    12: "Aventure - Action",  # Adventure
    16: "Animation",
    35: "Comédie",
    80: "Thriller",  # Crime: JP's Box-Office files crime films under Thriller
    99: "Documentaire",
    18: "Drame",
    10751: "Film familial",
    14: "Fantasy",
    36: None,  # History: no equivalent (JP files them under Drame or Guerre, case by case)
    27: "Horreur",
    10402: "Musical",
    9648: "Thriller",  # Mystery
    10749: "Romance",
    878: "Science Fiction",
    10770: None,  # TV Movie: no equivalent (not released in cinemas)
    53: "Thriller",
    10752: "Guerre",
    37: "Western",
}
# History labels TMDB has no genre for: Comicbook, Péplum, Catastrophe, Court-métrage,
# X - Erotique.
HISTORY_GENRES_WITHOUT_TMDB_EQUIVALENT: Final = (
    "Comicbook",
    "Péplum",
    "Catastrophe",
    "Court-métrage",
    "X - Erotique",
)

_ANIMATION, _DOCUMENTARY, _COMEDY, _DRAMA = 16, 99, 35, 18

# ISO 3166-1 alpha-2 -> the history's nationality labels (every label the history uses).
COUNTRY_LABELS: Final[dict[str, str]] = {
    "US": "Etats-Unis",
    "FR": "France",
    "GB": "Grande-Bretagne",
    "JP": "Japon",
    "IT": "Italie",
    "ES": "Espagne",
    "DE": "Allemagne",
    "CA": "Canada",
    "CN": "Chine",
    "BE": "Belgique",
    "KR": "Corée du Sud",
    "IN": "Inde",
    "DK": "Danemark",
    "AU": "Australie",
    "IL": "Israël",
    "AR": "Argentine",
    "RU": "Russie",
    "IR": "Iran",
    "SE": "Suède",
    "BR": "Brésil",
    "MX": "Mexique",
    "NO": "Norvège",
    "IE": "Irlande",
    "AT": "Autriche",
    "CZ": "Rép. Tchèque",
    "CH": "Suisse",
    "PT": "Portugal",
    "TR": "Turquie",
    "CL": "Chili",
    "PL": "Pologne",
    "RO": "Roumanie",
    "PS": "Palestine",
    "CO": "Colombie",
    "FI": "Finlande",
    "IS": "Islande",
    "EG": "Egypte",
    "TH": "Thaïlande",
    "HU": "Hongrie",
    "TW": "Taïwan",
    "TN": "Tunisie",
    "LV": "Lettonie",
    "NZ": "Nouvelle-Zélande",
    "CU": "Cuba",
    "RS": "Serbie",
    "ZA": "Afrique du Sud",
    "SG": "Singapour",
    "UY": "Uruguay",
    "GR": "Grèce",
    "BA": "Bosnie",
    "MN": "Mongolie",
    "PH": "Philippines",
    "MA": "Maroc",
    "VN": "Viet-Nam",
    "AF": "Afghanistan",
    "NL": "Pays-Bas",
    "PE": "Pérou",
    "UA": "Ukraine",
    "ID": "Indonésie",
    "SA": "Arabie Saoudite",
    "VE": "Venezuela",
    "JO": "Jordanie",
    "GE": "Georgie",
    "EE": "Estonie",
    "GT": "Guatemala",
    "SK": "Slovaquie",
    "LU": "Luxembourg",
    "MK": "Macédoine",
    "DZ": "Algérie",
    "SN": "Sénégal",
    "CG": "Congo",
    "LT": "Lituanie",
    "LB": "Liban",
    "BG": "Bulgarie",
    "PY": "Paraguay",
    "BT": "Bouthan",
}

# TMDB's French certifications -> the history's age ratings. "10" (a TV rating) has no equivalent.
FR_CERTIFICATION_LABELS: Final[dict[str, str | None]] = {
    "U": "Tous publics",
    "TP": "Tous publics",
    "10": None,
    "12": "Moins de 12 ans",
    "16": "Moins de 16 ans",
    "18": "Moins de 18 ans",
}


def history_genre(tmdb_genre_ids: Sequence[int]) -> str | None:
    """The history's one genre label for a film TMDB files under `tmdb_genre_ids` (in its order).

    Animation and documentaries keep their own label whatever else they are; comedy with drama
    is "Comédie dramatique"; otherwise the first genre that has an equivalent wins.
    """
    ids = list(tmdb_genre_ids)
    if _ANIMATION in ids:
        return "Animation"
    if _DOCUMENTARY in ids:
        return "Documentaire"
    if _COMEDY in ids and _DRAMA in ids:
        return "Comédie dramatique"
    for genre_id in ids:
        if label := TMDB_GENRE_LABELS.get(genre_id):
            return label
    return None


# Original language -> the countries whose films are mostly in it, to pick the main country of a
# co-production (a French-language Belgian-French film is filed under France).
LANGUAGE_COUNTRIES: Final[dict[str, tuple[str, ...]]] = {
    "fr": ("FR",),
    "en": ("US", "GB"),
    "ja": ("JP",),
    "ko": ("KR",),
    "it": ("IT",),
    "es": ("ES",),
    "de": ("DE",),
    "zh": ("CN",),
    "da": ("DK",),
    "sv": ("SE",),
    "no": ("NO",),
    "hi": ("IN",),
    "ru": ("RU",),
    "fa": ("IR",),
    "he": ("IL",),
    "pt": ("PT", "BR"),
}


def history_nationality(
    country_codes: Sequence[str], original_language: str | None = None
) -> str | None:
    """The history's nationality label of a film made in `country_codes` (TMDB order).

    A country that speaks the film's original language comes first; otherwise the first
    country that has a label wins.
    """
    preferred = LANGUAGE_COUNTRIES.get((original_language or "").lower(), ())
    ordered = sorted(country_codes, key=lambda code: code.upper() not in preferred)
    for code in ordered:
        if label := COUNTRY_LABELS.get(code.upper()):
            return label
    return None


def history_age_rating(certification: str | None) -> str | None:
    """The history's age rating for a French certification as TMDB spells it ('U', '12', ...)."""
    if not certification:
        return None
    return FR_CERTIFICATION_LABELS.get(certification.strip().upper())
