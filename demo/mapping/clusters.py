"""Demo of the cluster registry: the 30 clusters the GECES report analysed (2021,
Appendix III), published, with what the report says of them (country, website; scope,
sectors and members where it gives them). Idempotent: a cluster whose slug exists is left
as it is, so a second run changes nothing."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

from mapping.clusters.services import cluster_save
from mapping.models import Cluster, ClusterScope, ClusterSector, ClusterStatus
from socialtech.tenancy.context import tenant_context

SOURCE = "GECES report 2021, Appendix III"
S = ClusterSector
# (name, country, website, scope, sectors, members)
CLUSTERS: tuple[tuple[str, str, str, str, tuple[str, ...], int | None], ...] = (
    ("Base 202", "IT", "", "", (S.LABOUR_INCLUSION,), None),
    ("DFBA Community Enterprises CLG", "IE", "dunhillecopark.com", "local", (S.RURAL_REGENERATION,), None),
    ("Impact City / The Hague", "NL", "impactcity.nl", "local", (S.INCUBATION,), None),
    ("Grennessminde", "DK", "gminde.dk", "", (S.LABOUR_INCLUSION,), None),
    ("Vierwerk / 4Werk", "BE", "4werk.be", "", (S.LABOUR_INCLUSION,), None),
    ("The Partnership for social innovation in Örebro County", "SE", "utveckling.regionorebrolan.se/PartnershipSI", "regional", (S.RURAL_REGENERATION,), None),
    ("Le Cluster ESS Grande Région", "LU", "clusteress-gr.eu", "transnational", (S.INCUBATION,), None),
    ("Elephant path", "GB", "elephantpath.citymined.org", "local", (S.URBAN_REGENERATION,), None),
    ("Pfefferwerk Foundation & Pfefferberg", "DE", "stpw.org", "local", (S.CREATIVE, S.URBAN_REGENERATION), None),
    ("Grupo Empresarial de Cooperativas de Enseñanza en la Región de Murcia", "ES", "ucoerm.es", "regional", (S.EDUCATION,), None),
    ("The Rediscovery Centre – Irish National Centre for the Circular Economy", "IE", "rediscoverycentre.ie", "national", (S.ECOLOGICAL, S.WASTE), None),
    ("Lapland – Arctic Social Economy Cluster", "FI", "articsmartness.eu", "regional", (S.RURAL_REGENERATION,), None),
    ("Atelier El Costurerico (Proyecto Abraham IKEA Murcia)", "ES", "proyectoabraham.org", "local", (S.LABOUR_INCLUSION, S.ECOLOGICAL), None),
    ("Rummelig i midt / Labour inclusion in the Region", "DK", "rummeligimidt.dk", "regional", (S.LABOUR_INCLUSION,), None),
    ("Figeacteurs – PTCE", "FR", "figeacteurs.fr", "local", (S.RURAL_REGENERATION,), None),
    ("KaléidosCOOP", "FR", "kaleidos.coop", "transnational", (S.URBAN_REGENERATION, S.INCUBATION), None),
    ("Comptoir des ressources créatives", "BE", "comptoirdesressourcescreatives.be", "", (S.CREATIVE,), None),
    ("Grappes d'entreprises Wallonie (eco-construction)", "BE", "clusters.wallonie.be", "regional", (S.CONSTRUCTION, S.ECOLOGICAL), None),
    ("Coopolis, Ateneu Cooperatiu de Barcelona", "ES", "bcn.coop", "local", (S.INCUBATION,), None),
    ("Asociación proyecto Lázaro", "ES", "proyectolazaro.org", "", (S.LABOUR_INCLUSION,), None),
    ("ANE (Navarra Social Economy Cluster)", "ES", "", "regional", (S.INCUBATION,), None),
    ("Cluster for Eco-Social Innovation and Development CEDRA Split & CEDRA HR", "HR", "cedra.hr", "national", (S.INCUBATION,), None),
    ("GOEL – Cooperative Group", "IT", "en.goel.coop", "regional", (S.RURAL_REGENERATION, S.FOOD), None),
    ("Andalusian Association of Social Economy Education Centres", "ES", "", "regional", (S.EDUCATION,), None),
    ("Berziklatu", "ES", "berziklatu.eus", "regional", (S.WASTE, S.ECOLOGICAL, S.PROCUREMENT), None),
    ("ecoBI", "IT", "consorzioecobi.eu", "local", (S.LABOUR_INCLUSION, S.ECOLOGICAL, S.PROCUREMENT), 28),
    ("Mondragon", "ES", "mondragon-corporation.com", "transnational", (), None),
    ("CLADE Group", "ES", "grupclade.com", "regional", (), None),
    ("Initiatives et cité", "FR", "initiativesetcite.com", "local", (S.URBAN_REGENERATION,), None),
    ("Navarre Social Innovation Unit", "ES", "economiasocialnavarra.com/innovacion-social", "regional", (S.INCUBATION,), None),
)  # fmt: skip


def seed_clusters(tenant: Any) -> int:
    """The 30 clusters, published in ``tenant``; how many were new."""
    created = 0
    with tenant_context(tenant):
        existing = set(Cluster.objects.values_list("slug", flat=True))
        for name, country, website, scope, sectors, members in CLUSTERS:
            slug = slugify(name)[:80]
            if slug in existing:
                continue
            cluster_save(
                by=None,
                name=name,
                slug=slug,
                country=country,
                website=f"https://{website}" if website else "",
                scope=ClusterScope(scope) if scope else "",
                sectors=[str(sector) for sector in sectors],
                members_count=members,
                source=SOURCE,
                status=ClusterStatus.PUBLISHED,
            )
            created += 1
    return created
