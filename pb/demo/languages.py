"""The demo's voting cycle in Spanish and Polish as well as English: what staff would type on
the "Texts in other languages" page, put in through the same service."""

from __future__ import annotations

from pb.models import Cycle, User
from pb.services import texts

CYCLE = {
    "name": ("Ciudad Demo 2025", "Miasto Demo 2025"),
    "description": (
        "Decida cómo gastar 1,4 millones de euros en proyectos propuestos por los residentes.",
        "Zdecyduj, jak wydać 1,4 mln euro na projekty zgłoszone przez mieszkańców.",
    ),
}
BUDGETS = {
    "Citywide": ("Toda la ciudad", "Całe miasto"),
    "North district": ("Distrito Norte", "Dzielnica Północ"),
    "South district": ("Distrito Sur", "Dzielnica Południe"),
    "Youth fund": ("Fondo juvenil", "Fundusz młodzieżowy"),
}
# English title -> ((es title, es summary), (pl title, pl summary))
PROJECTS = {
    "Trees for every school yard": (
        ("Árboles en cada patio escolar", "Plantar 300 árboles en 40 patios escolares."),
        ("Drzewa na każdym szkolnym podwórku", "300 drzew na 40 szkolnych podwórkach."),
    ),
    "Safe bike lanes on Ring Road": (
        ("Carriles bici seguros en la Ronda", "Carriles separados en 3 km de la ronda."),
        ("Bezpieczne drogi rowerowe na obwodnicy", "Wydzielone pasy na 3 km obwodnicy."),
    ),
    "Free summer concerts": (
        ("Conciertos de verano gratuitos", "Doce conciertos al aire libre en los parques."),
        ("Darmowe letnie koncerty", "Dwanaście koncertów plenerowych w parkach."),
    ),
    "Library open on Sundays": (
        ("Biblioteca abierta los domingos", "Dos años de horario dominical."),
        ("Biblioteka otwarta w niedziele", "Dwa lata niedzielnych godzin otwarcia."),
    ),
    "New skate park": (
        ("Nuevo skatepark", "Un skatepark de hormigón junto al río."),
        ("Nowy skatepark", "Betonowy skatepark nad rzeką."),
    ),
    "Drinking fountains": (
        ("Fuentes de agua potable", "25 fuentes en plazas y parques."),
        ("Poidełka z wodą pitną", "25 poidełek na placach i w parkach."),
    ),
    "Solar panels on the town hall": (
        ("Paneles solares en el ayuntamiento", "Reducir un tercio la factura eléctrica."),
        ("Panele słoneczne na ratuszu", "Rachunek za prąd niższy o jedną trzecią."),
    ),
    "Benches and shade": (
        ("Bancos y sombra", "100 bancos con toldos a lo largo de los paseos."),
        ("Ławki i cień", "100 ławek z żaglami przeciwsłonecznymi przy alejkach."),
    ),
    "Playground renewal in North Park": (
        ("Renovación del parque infantil del Parque Norte", "Juegos nuevos para 2 a 12 años."),
        ("Odnowa placu zabaw w Parku Północnym", "Nowe urządzenia dla dzieci od 2 do 12 lat."),
    ),
    "Crossing at Mill Street": (
        ("Paso de peatones en la calle del Molino", "Un paso elevado e iluminado."),
        ("Przejście przy ulicy Młyńskiej", "Wyniesione, oświetlone przejście dla pieszych."),
    ),
    "Community garden": (
        ("Huerto comunitario", "Bancales elevados y un cobertizo de herramientas."),
        ("Ogród społeczny", "Podwyższone grządki i szopa na narzędzia."),
    ),
    "Youth club refurbishment": (
        ("Reforma del club juvenil", "Pintura, muebles y una sala de música."),
        ("Remont klubu młodzieżowego", "Malowanie, meble i sala muzyczna."),
    ),
    "Football pitch lights": (
        ("Iluminación del campo de fútbol", "Luces LED para jugar por la tarde."),
        ("Oświetlenie boiska", "Lampy LED do wieczornych meczów."),
    ),
    "Market square trees": (
        ("Árboles en la plaza del mercado", "Doce árboles grandes y jardineras."),
        ("Drzewa na rynku", "Dwanaście dużych drzew i donice."),
    ),
    "Street art walls": (
        ("Muros de arte urbano", "Cuatro murales de artistas locales."),
        ("Ściany ze sztuką uliczną", "Cztery murale lokalnych artystów."),
    ),
    "Reading corner in the clinic": (
        ("Rincón de lectura en el centro de salud", "Libros y asientos para familias."),
        ("Kącik czytelniczy w przychodni", "Książki i miejsca dla czekających rodzin."),
    ),
}
PROPOSED = (
    "Propuesto por residentes durante la recogida de ideas.",
    "Zgłoszone przez mieszkańców podczas zbierania pomysłów.",
)
LANGS = ("es", "pl")


def add_translations(actor: User, cycle: Cycle) -> list[str]:
    values: dict[texts.Key, str] = {}
    for i, lang in enumerate(LANGS):
        for name, words in CYCLE.items():
            values[("cycle", cycle.id, name, lang)] = words[i]
        for budget in cycle.budgets:
            if budget.name in BUDGETS:
                values[("budget", budget.id, "name", lang)] = BUDGETS[budget.name][i]
            for project in budget.projects:
                if project.title not in PROJECTS:
                    continue
                title, summary = PROJECTS[project.title][i]
                values[("project", project.id, "title", lang)] = title
                values[("project", project.id, "summary", lang)] = summary
                values[("project", project.id, "description", lang)] = f"{summary}\n\n{PROPOSED[i]}"
    texts.set_texts(actor, cycle, values)
    left = len(texts.missing_translations(cycle))
    return [f"{cycle.name} is in English, Spanish and Polish ({left} texts left in English only)."]
