"""Data step: fictional names for generated organisations and places, with French contractions."""

from __future__ import annotations

from hlmgraph import fr

STEMS = (
    "les Tilleuls", "les Glycines", "les Acacias", "les Peupliers", "les Mimosas",
    "les Hirondelles", "la Roseraie", "le Moulin", "le Verger", "les Bruyères", "les Coteaux",
    "les Sablons", "les Lilas", "les Cèdres", "les Érables", "les Marronniers", "les Platanes",
    "les Châtaigniers", "les Noisetiers", "les Charmes", "les Bouleaux", "les Saules",
    "les Frênes", "les Oliviers", "les Amandiers", "les Cerisiers", "les Jonquilles",
    "les Bleuets", "les Coquelicots", "les Pervenches", "les Capucines", "les Hortensias",
    "les Magnolias", "les Camélias", "les Lavandes", "les Genêts", "les Fougères",
    "les Mésanges", "les Fauvettes", "les Alouettes", "les Rossignols", "les Pinsons",
    "les Colombes", "les Cigognes", "les Hérons", "les Écureuils", "la Source", "la Fontaine",
    "la Prairie", "le Bosquet", "les Jardins", "les Terrasses", "l'Horizon", "le Belvédère",
    "la Clairière", "les Hauts-Champs", "le Val-Fleuri", "le Bel-Air", "le Beau-Site",
    "le Plein-Sud", "le Pré-Vert", "les Trois-Chênes", "les Quatre-Vents", "le Clos-Joli",
    "le Champ-Rond", "la Butte-aux-Cailles", "les Tournesols", "les Violettes", "l'Orangerie",
    "l'Aubépine", "l'Églantier", "les Myosotis", "les Pâquerettes", "les Primevères",
    "le Grand-Pré", "la Petite-Forêt", "le Vieux-Puits", "la Croix-Blanche", "les Charmilles",
    "les Vergers-du-Sud", "la Colline", "le Plateau", "les Rives", "le Petit-Bois",
    "la Garenne", "les Iris", "les Ormeaux", "les Tamaris", "les Mûriers", "les Sorbiers",
)
LANDLORD_FORMS = {
    "OPH": ("Office {} Habitat",),
    "ESH": ("Logis {}", "Résidences {}", "Immobilière {}", "Foyer {}"),
    "coop": ("Coop'Hlm {}",),
    "SEM": ("SEM Habitat {}",),
}
ASSOCIATIONS = (
    "Association sportive", "Maison des jeunes", "Atelier vélo solidaire", "Jardins partagés",
    "Médiation et accès aux droits", "Soutien scolaire", "Femmes relais", "Épicerie solidaire",
    "Compagnie de théâtre", "Recyclerie", "Club de prévention", "Café des parents",
)
PRESTATIONS = (
    "entretien des parties communes", "gestion des encombrants", "espaces verts",
    "petits travaux de second œuvre", "médiation de proximité", "nettoyage des abords",
)


def de(stem: str) -> str:
    """``les Tilleuls`` -> ``des Tilleuls`` (French contraction of « de » + article)."""
    for article, contracted in (("les ", "des "), ("le ", "du "), ("la ", "de la "),
                                ("l'", "de l'")):
        if stem.startswith(article):
            return contracted + stem[len(article):]
    return "de " + stem


def of(territory: dict[str, str]) -> str:
    """« du Nord », « de la Somme », « du Havre », « de Lille »: ``de`` + a territory name."""
    return fr.of_place(territory["name"], territory.get("liaison") or 0)
