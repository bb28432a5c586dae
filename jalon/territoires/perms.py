"""Who may do what, in one place. Views, API, CLI and services all call these functions.

Roles (``Utilisateur.role``; a superuser always counts as a national admin; an anonymous or
inactive user has no role and reads public, published content only):

=========================  =======  ================  =================  ============  =======
function                   admin    pilote national   référent ARS       contributeur  lecteur
=========================  =======  ================  =================  ============  =======
can_manage_referentiel     yes      no                no                 no            no
can_import_referentiel     yes      no                no                 no            no
can_edit_values(ind, t)    all      indicators its    indicators with    no            no
                                    organisation      ``saisie_ars``,
                                    provides, any t   t in its region
can_import_values          yes      yes               yes                no            no
can_edit_regional_roadmap  all      no                its region         no            no
can_edit_regional_bilan    all      no                its region         no            no
can_validate_regional_     yes      no                no                 no            no
  bilan
can_comment(t)             all      all               its region         its territory no
can_read_drafts            yes      yes               yes                yes           yes
can_manage_accounts(r)     all      no                its region         no            no
can_assign_role(role, t)   all      no                contributeur or    no            no
                                                      lecteur, its region
can_manage_campagnes       yes      no                no                 no            no
can_follow_region(r)       all      no                its region (r      no            no
                                                      itself)
can_follow_provider(o)     all      o = its           no                 no            no
                                    organisation
can_import_ptsm            yes      no                no                 no            no
can_read_ptsm_contacts     yes      yes               yes                yes           yes
can_manage_demandes        yes      no                no                 no            no
can_read_demande(d)        all      no                d targets its      no            no
                                                      region, published
can_answer_demande(d, r)   all      no                r = its region     no            no
                                                      targeted by d
can_read_journal           yes      no                no                 no            no
can_read_annuaire          yes      yes               yes                yes           yes
can_see_dashboards         yes      yes               yes                yes           yes
can_write_narrative(a)     all      actions its       no                 no            no
                                    organisation
                                    pilots
can_write_bilan_texts      yes      no                no                 no            no
can_build_national_bilan   yes      yes               no                 no            no
can_build_regional_bilan   all      no                its region         no            no
  (r)
can_publish_national       yes      no                no                 no            no
can_publish_regional(r)    all      no                its region         no            no
can_publish_regional_      all (*)  no                its region (*)     no            no
  bilan(b)
can_choose_key_figures     yes      no                no                 no            no
=========================  =======  ================  =================  ============  =======

(*) only once the regional bilan ``b`` has been validated by the national admin.

Published bilans (`jalon.rapports.Publication`) are public: no function guards reading them.

"Its region" always includes the region's departments and PTSM (its descendants); "its
territory" likewise includes what lies below a contributor's department. A territory
``t`` of ``None`` never matches a territorial scope.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from jalon.comptes.models import Utilisateur
from jalon.territoires.models import Territoire

Role = Utilisateur.Role

# Territories are at most FR > region > department > PTSM: three levels under a region.
_MAX_DEPTH = 3


def role_of(user) -> str | None:
    """The role the rules apply to, or None for anonymous and inactive users."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return Role.ADMIN_NATIONAL if user.is_superuser else user.role


def is_admin(user) -> bool:
    return role_of(user) == Role.ADMIN_NATIONAL


def is_within(territoire, ancetre) -> bool:
    """True if ``territoire`` is ``ancetre`` or one of its descendants."""
    if territoire is None or ancetre is None:
        return False
    current = territoire
    for _ in range(_MAX_DEPTH + 2):
        if current is None:
            return False
        if current.pk == ancetre.pk:
            return True
        current = current.parent
    return False


def subtree(territoire):
    """Queryset of ``territoire`` and all its descendants."""
    condition = Q(pk=territoire.pk)
    lookup = "parent"
    for _ in range(_MAX_DEPTH):
        condition |= Q(**{lookup: territoire.pk})
        lookup += "__parent"
    return Territoire.objects.filter(condition)


def _home(user):
    """The territory a territorial role is attached to."""
    return user.territoire if user.territoire_id else None


def _in_home(user, territoire) -> bool:
    return is_within(territoire, _home(user))


# --- Referential -------------------------------------------------------------------------


def can_manage_referentiel(user) -> bool:
    return is_admin(user)


def can_import_referentiel(user) -> bool:
    return is_admin(user)


# --- Values, roadmaps, comments ----------------------------------------------------------


def can_edit_values(user, indicateur, territoire) -> bool:
    role = role_of(user)
    if role == Role.ADMIN_NATIONAL:
        return True
    if role == Role.PILOTE_NATIONAL:
        return bool(user.organisation_id) and indicateur.fournisseur_id == user.organisation_id
    if role == Role.REFERENT_ARS:
        return indicateur.saisie_ars and _in_home(user, territoire)
    return False


def can_import_values(user) -> bool:
    """May open the values import at all; each row is then checked with can_edit_values."""
    return role_of(user) in {Role.ADMIN_NATIONAL, Role.PILOTE_NATIONAL, Role.REFERENT_ARS}


def territoires_editables(user):
    """Territories where the user may enter values for at least some indicators."""
    role = role_of(user)
    if role in {Role.ADMIN_NATIONAL, Role.PILOTE_NATIONAL}:
        return Territoire.objects.all()
    if role == Role.REFERENT_ARS and _home(user):
        return subtree(_home(user))
    return Territoire.objects.none()


def can_edit_regional_roadmap(user, region) -> bool:
    role = role_of(user)
    if role == Role.ADMIN_NATIONAL:
        return True
    if role == Role.REFERENT_ARS:
        return region is not None and user.territoire_id == region.pk
    return False


def can_edit_regional_bilan(user, region) -> bool:
    """Write a region's yearly bilan (action follow-ups, synthesis) and submit it; reading it
    is `can_read_drafts`. Deadlines and submission locks are the bilan service's."""
    return can_edit_regional_roadmap(user, region)


def can_validate_regional_bilan(user) -> bool:
    """Validate or return a submitted regional bilan: the national delegation."""
    return is_admin(user)


def can_comment(user, territoire) -> bool:
    role = role_of(user)
    if role in {Role.ADMIN_NATIONAL, Role.PILOTE_NATIONAL}:
        return True
    if role in {Role.REFERENT_ARS, Role.CONTRIBUTEUR}:
        return _in_home(user, territoire)
    return False


def can_read_drafts(user) -> bool:
    """Work in progress (unvalidated values, draft bilans) is for signed-in accounts only."""
    return role_of(user) is not None


# --- Dashboards (jalon.tableaux) ------------------------------------------------------------


def can_see_dashboards(user) -> bool:
    """The signed-in dashboards show unvalidated values: signed-in accounts only. The public
    portal (/donnees/) is open to all and shows validated values only."""
    return can_read_drafts(user)


# --- Campaigns (jalon.campagnes) ----------------------------------------------------------


def can_manage_campagnes(user) -> bool:
    """Open, close, reschedule campaigns, grant exceptions, open ad-hoc requests."""
    return is_admin(user)


def can_follow_region(user, region) -> bool:
    """See a region's campaign to-do, entry grid and ad-hoc requests."""
    role = role_of(user)
    if role == Role.ADMIN_NATIONAL:
        return True
    return role == Role.REFERENT_ARS and region is not None and user.territoire_id == region.pk


def can_follow_provider(user, organisation) -> bool:
    """See what a national provider (direction, agency) owes a campaign."""
    role = role_of(user)
    if role == Role.ADMIN_NATIONAL:
        return True
    return (
        role == Role.PILOTE_NATIONAL
        and organisation is not None
        and user.organisation_id == organisation.pk
    )


# --- PTSM (jalon.territoires.ptsm) ----------------------------------------------------------


def can_import_ptsm(user) -> bool:
    """Replace the registered list of PTSM (territories, CTSM, coordinators)."""
    return is_admin(user)


def can_read_ptsm_contacts(user) -> bool:
    """A PTSM coordinator's name, e-mail and phone: signed-in accounts only, like the
    directory; the public PTSM page shows territories and CTSM only."""
    return can_read_annuaire(user)


# --- Ad-hoc requests (jalon.demandes) --------------------------------------------------------
# A request is addressed to the ARS of the regions it targets: the national admin creates and
# reads them all; the référent ARS of a targeted region reads it once published and answers
# for its region only; nobody else reads one (national pilots, contributors and readers are
# not its addressees).


def can_manage_demandes(user) -> bool:
    """Create, edit, publish, close requests; close or reopen a region's answer; grant
    exceptions after the deadline; read and export every answer."""
    return is_admin(user)


def _region_ciblee(user, demande) -> bool:
    return (
        role_of(user) == Role.REFERENT_ARS
        and bool(user.territoire_id)
        and not demande.est_brouillon
        and demande.cibles.filter(region_id=user.territoire_id).exists()
    )


def can_read_demande(user, demande) -> bool:
    return is_admin(user) or _region_ciblee(user, demande)


def can_answer_demande(user, demande, region) -> bool:
    """Write the answers and the requested values of ``region`` (the deadline lock of
    `jalon.demandes.verrous` comes on top)."""
    if region is None or demande.est_brouillon:
        return False
    if not demande.cibles.filter(region=region).exists():
        return False
    return is_admin(user) or (_region_ciblee(user, demande) and user.territoire_id == region.pk)


def demandes_visibles(user, demandes):
    """The requests of queryset ``demandes`` that ``user`` may read."""
    role = role_of(user)
    if role == Role.ADMIN_NATIONAL:
        return demandes
    if role == Role.REFERENT_ARS and user.territoire_id:
        return demandes.exclude(statut="brouillon").filter(cibles__region=user.territoire_id)
    return demandes.none()


def regions_lisibles_demande(user, demande):
    """Regions of ``demande`` whose answers ``user`` may read: all of them for the national
    admin, its own region for the ARS, none otherwise."""
    cibles = Territoire.objects.filter(pk__in=demande.cibles.values("region"))
    if is_admin(user):
        return cibles
    if can_read_demande(user, demande):
        return cibles.filter(pk=user.territoire_id)
    return cibles.none()


# --- Accounts ----------------------------------------------------------------------------

ROLES_DELEGABLES = (Role.CONTRIBUTEUR, Role.LECTEUR)


def can_manage_accounts(user, region=None) -> bool:
    """Without a region: may the user open the account pages at all."""
    role = role_of(user)
    if role == Role.ADMIN_NATIONAL:
        return True
    if role == Role.REFERENT_ARS and user.territoire_id:
        return region is None or region.pk == user.territoire_id
    return False


def can_assign_role(user, role, territoire) -> bool:
    """May ``user`` give an account ``role`` on ``territoire`` (create or edit it so)?"""
    acting = role_of(user)
    if acting == Role.ADMIN_NATIONAL:
        return True
    if acting == Role.REFERENT_ARS:
        return role in ROLES_DELEGABLES and _in_home(user, territoire)
    return False


def comptes_geres(user):
    """Accounts the user may see and edit on the account pages."""
    role = role_of(user)
    if role == Role.ADMIN_NATIONAL:
        return Utilisateur.objects.all()
    if role == Role.REFERENT_ARS and _home(user):
        return Utilisateur.objects.filter(
            role__in=ROLES_DELEGABLES,
            is_superuser=False,
            territoire__in=subtree(_home(user)),
        )
    return Utilisateur.objects.none()


def can_edit_account(user, compte) -> bool:
    if role_of(user) == Role.ADMIN_NATIONAL:
        return True
    return (
        not compte.is_superuser
        and compte.pk != user.pk
        and can_assign_role(user, compte.role, compte.territoire)
    )


def can_read_journal(user) -> bool:
    """The audit trail names people and shows every change: national admins only."""
    return is_admin(user)


def can_read_annuaire(user) -> bool:
    """The network directory holds contact details: signed-in, active accounts only."""
    return role_of(user) is not None


# --- Reports (jalon.rapports) --------------------------------------------------------------


def can_write_narrative(user, action) -> bool:
    """Write the yearly texts of a national action (``referentiel.Action``): national admins,
    and national pilots whose organisation pilots the action in some version of the roadmap."""
    role = role_of(user)
    if role == Role.ADMIN_NATIONAL:
        return True
    if role != Role.PILOTE_NATIONAL or not user.organisation_id or action is None:
        return False
    return action.versions.filter(pilotes=user.organisation_id).exists()


def can_write_bilan_texts(user) -> bool:
    """The bilan's own parts (roadmap reminder, governance, word of the delegate)."""
    return is_admin(user)


def can_build_national_bilan(user) -> bool:
    """Build the draft national bilan (HTML view, DOCX, PDF): the DMSMP and the directions."""
    return role_of(user) in {Role.ADMIN_NATIONAL, Role.PILOTE_NATIONAL}


def can_build_regional_bilan(user, region) -> bool:
    role = role_of(user)
    if role == Role.ADMIN_NATIONAL:
        return True
    return role == Role.REFERENT_ARS and region is not None and user.territoire_id == region.pk


def can_publish_national(user) -> bool:
    """Publishing freezes a bilan for the public: the national delegation only."""
    return is_admin(user)


def can_publish_regional(user, region) -> bool:
    """Who may publish a region's bilan at all (the bilan's state comes on top:
    `can_publish_regional_bilan`)."""
    return can_build_regional_bilan(user, region)


def can_publish_regional_bilan(user, bilan) -> bool:
    """Publish (freeze for the public) a regional bilan (`feuilles_regionales.BilanRegional`).

    Instruction 2023/179 (§3) makes the regional roadmap and its yearly bilan the ARS's own
    ("à la main de chaque ARS"), due every 31 December with its synthesis, and has the DMSMP
    consolidate the regional bilans into the national one. So the rule is: a regional bilan
    is published only once the national delegation has validated it, and then by the
    region's référent ARS (its author) or a national admin. A draft, submitted or returned
    bilan is published by nobody, national admins included: they validate first. Versions
    already published stay public when a bilan is later returned; the next validation allows
    a new version."""
    from jalon.feuilles_regionales.models import BilanRegional

    if bilan is None or bilan.statut != BilanRegional.Statut.VALIDE:
        return False
    return can_publish_regional(user, bilan.region)


def can_choose_key_figures(user) -> bool:
    return is_admin(user)


# --- Fetching objects for a user ---------------------------------------------------------


def require(allowed: bool) -> None:
    """Raise 403 unless ``allowed``: `require(can_comment(request.user, territoire))`."""
    if not allowed:
        raise PermissionDenied


def get_object_for_user_or_403(user, queryset, check, **lookup):
    """Fetch an object from a model or queryset (404 if missing), then 403 unless allowed."""
    obj = get_object_or_404(queryset, **lookup)
    require(check(user, obj))
    return obj


def get_object_for_user_or_404(user, visible, **lookup):
    """Fetch an object among ``visible(user)``: hides that forbidden objects exist at all."""
    return get_object_or_404(visible(user), **lookup)


def get_territoire_editable_or_403(user, code):
    return get_object_for_user_or_403(
        user,
        Territoire.objects.all(),
        lambda u, t: territoires_editables(u).filter(pk=t.pk).exists(),
        code=code,
    )


def get_compte_for_user(user, pk):
    """An account on the account pages: 404 outside the user's accounts."""
    return get_object_for_user_or_404(user, comptes_geres, pk=pk)
