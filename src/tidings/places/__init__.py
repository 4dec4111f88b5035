"""Places: resolve toponyms to real places from an offline gazetteer.

    >>> from tidings.places import get_gazetteer, resolve, Toponym
    >>> places = resolve("Talks in Astana ...", [Toponym("Astana", ("Astana",), ((9, 15),))])
    >>> places[0].gazetteer_id
    'geonames:1526273'

``get_gazetteer()`` loads the gazetteer once per process; ``resolve`` picks, for each
toponym of one article, the place it names, using the rest of the article as context.
"""

from tidings.places._gazetteer import (
    Candidate,
    Gazetteer,
    GazetteerError,
    distance_km,
    get_gazetteer,
    name_key,
)
from tidings.places._resolve import Toponym, capital_descriptions, naive_place, resolve

__all__ = [
    "Candidate",
    "Gazetteer",
    "GazetteerError",
    "Toponym",
    "capital_descriptions",
    "distance_km",
    "get_gazetteer",
    "naive_place",
    "name_key",
    "resolve",
]
