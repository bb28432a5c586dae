from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jalon.comptes import services
from jalon.comptes.annuaire import annuaire_du_reseau
from jalon.comptes.demo import DEMO_PASSWORD, demo_accounts_for_login_page
from jalon.comptes.forms import CompteForm, ConnexionForm, NouveauCompteForm
from jalon.territoires import perms


class ConnexionView(auth_views.LoginView):
    template_name = "comptes/connexion.html"
    form_class = ConnexionForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Connexion"
        context["comptes_demo"] = demo_accounts_for_login_page()
        context["mot_de_passe_demo"] = DEMO_PASSWORD
        context["proconnect"] = settings.JALON_PROCONNECT
        return context


@login_required
def liste_comptes(request):
    perms.require(perms.can_manage_accounts(request.user))
    comptes = perms.comptes_geres(request.user).select_related("territoire", "organisation")
    recherche = request.GET.get("q", "").strip()
    if recherche:
        comptes = comptes.filter(
            Q(username__icontains=recherche)
            | Q(first_name__icontains=recherche)
            | Q(last_name__icontains=recherche)
            | Q(email__icontains=recherche)
        )
    return render(
        request,
        "comptes/liste.html",
        {
            "title": "Comptes",
            "comptes": comptes.order_by("-is_active", "last_name", "username"),
            "recherche": recherche,
        },
    )


@login_required
def creer_compte(request):
    perms.require(perms.can_manage_accounts(request.user))
    form = NouveauCompteForm(request.POST or None, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        compte = services.enregistrer_compte(request.user, form.save(commit=False), "web")
        messages.success(request, f"Le compte « {compte.username} » a été créé.")
        return redirect("comptes:liste")
    return render(
        request,
        "comptes/formulaire.html",
        {"title": "Nouveau compte", "form": form},
    )


@login_required
def modifier_compte(request, pk):
    perms.require(perms.can_manage_accounts(request.user))
    compte = perms.get_compte_for_user(request.user, pk)
    perms.require(perms.can_edit_account(request.user, compte))
    # Taken before validation: a bound ModelForm writes the posted values into its instance.
    avant = services.etat_compte(compte)
    form = CompteForm(request.POST or None, instance=compte, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        services.enregistrer_compte(request.user, form.save(commit=False), "web", avant=avant)
        messages.success(request, f"Le compte « {compte.username} » a été modifié.")
        return redirect("comptes:liste")
    return render(
        request,
        "comptes/formulaire.html",
        {"title": f"Modifier le compte « {compte.username} »", "form": form, "compte": compte},
    )


@login_required
@require_POST
def basculer_actif(request, pk):
    perms.require(perms.can_manage_accounts(request.user))
    compte = perms.get_compte_for_user(request.user, pk)
    perms.require(perms.can_edit_account(request.user, compte))
    if compte.pk == request.user.pk:
        messages.error(request, "Vous ne pouvez pas désactiver votre propre compte.")
        return redirect("comptes:liste")
    services.basculer_actif(request.user, compte, "web")
    etat = "réactivé" if compte.is_active else "désactivé"
    messages.success(request, f"Le compte « {compte.username} » a été {etat}.")
    return redirect("comptes:liste")


@login_required
def annuaire(request):
    perms.require(perms.can_read_annuaire(request.user))
    return render(
        request,
        "comptes/annuaire.html",
        {"title": "Annuaire du réseau", **annuaire_du_reseau()},
    )
