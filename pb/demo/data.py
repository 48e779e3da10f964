"""The demo's content: the projects on the demo ballots and the ideas residents send in next
year's cycle. Plain data; the loaders in this package put it in through the services."""

CITY_PROJECTS = [
    ("Trees for every school yard", "Plant 300 trees in 40 school yards.", 180_000, "Environment"),
    ("Safe bike lanes on Ring Road", "Separated lanes on 3 km of the ring.", 420_000, "Streets"),
    ("Free summer concerts", "Twelve open-air concerts in the parks.", 90_000, "Culture"),
    ("Library open on Sundays", "Two years of Sunday opening hours.", 150_000, "Education"),
    ("New skate park", "A concrete skate park by the river.", 260_000, "Sport"),
    ("Drinking fountains", "25 fountains in squares and parks.", 75_000, "Parks"),
    (
        "Solar panels on the town hall",
        "Cut the hall's power bill by a third.",
        310_000,
        "Environment",
    ),
    ("Benches and shade", "100 benches with shade sails along walks.", 60_000, "Parks"),
]
DISTRICT_PROJECTS = {
    "North": [
        ("Playground renewal in North Park", "New equipment for ages 2-12.", 80_000, "Parks"),
        ("Crossing at Mill Street", "A raised, lit pedestrian crossing.", 45_000, "Streets"),
        ("Community garden", "Raised beds and a tool shed.", 30_000, "Environment"),
        ("Youth club refurbishment", "Paint, furniture and a music room.", 70_000, "Culture"),
    ],
    "South": [
        ("Football pitch lights", "LED lights for evening games.", 55_000, "Sport"),
        ("Market square trees", "Twelve large trees and planters.", 40_000, "Environment"),
        ("Street art walls", "Four murals by local artists.", 25_000, "Culture"),
        (
            "Reading corner in the clinic",
            "Books and seats for waiting families.",
            15_000,
            "Education",
        ),
    ],
}

IDEAS = [
    # title, description, category, district, location, supports, fate
    (
        "Shade trees on the market square",
        "The square is **too hot** in summer. Plant big trees around the edges.",
        "Environment and green spaces",
        "South",
        "Market square",
        14,
        "publish",
    ),
    (
        "Trees for the market",
        "More trees around the market please.",
        "Environment and green spaces",
        "South",
        "Market square",
        3,
        "merge",
    ),
    (
        "Covered bike parking at the station",
        "Bikes get wet and stolen. A covered, lockable bike shelter for 200 bikes.",
        "Mobility and streets",
        "",
        "Central station",
        21,
        "publish",
    ),
    (
        "Outdoor table tennis in North Park",
        "Two concrete tables near the playground.",
        "Sport and leisure",
        "North",
        "North Park",
        7,
        "publish",
    ),
    (
        "Night bus to the hospital",
        "A bus every hour at night so staff can get to work.",
        "Mobility and streets",
        "",
        "",
        11,
        "publish",
    ),
    ("Free wifi everywhere", "Citywide free wifi in all streets.", "Other", "", "", 2, "publish"),
    ("Buy me a car", "I would like a car. Call me on 0123 456.", "Other", "", "", 0, "hide"),
    (
        "Mural on the underpass",
        "Let local artists paint the grey underpass on Mill Street.",
        "Culture",
        "North",
        "Mill Street underpass",
        0,
        "pending",
    ),
    (
        "Water refill points",
        "Drinking water taps near sports fields.",
        "Public space",
        "",
        "",
        0,
        "pending",
    ),
]
