from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from dsfr.forms import DsfrBaseForm

from jalon.comptes.models import Utilisateur
from jalon.referentiel.models import Organisation
from jalon.territoires import perms
from jalon.territoires.models import Territoire

Role = Utilisateur.Role


class ConnexionForm(DsfrBaseForm, AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Identifiant ou mot de passe incorrect. Après 5 échecs, la connexion est bloquée "
            "pendant 15 minutes."
        ),
        "inactive": "Ce compte est désactivé. Contactez l'administration nationale.",
    }

    # Declared here: DsfrBaseForm binds the fields in __init__, so later label changes are lost.
    username = UsernameField(label="Identifiant", widget=forms.TextInput(attrs={"autofocus": True}))
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CompteForm(forms.ModelForm, DsfrBaseForm):
    """Create or edit an account; what the acting user may grant limits the choices."""

    class Meta:
        model = Utilisateur
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "telephone",
            "role",
            "territoire",
            "organisation",
        ]
        labels = {"username": "Identifiant", "email": "Adresse électronique"}

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.acting_user = acting_user
        self.fields["email"].required = True
        territoires = Territoire.objects.exclude(niveau=Territoire.Niveau.PAYS)
        if perms.is_admin(acting_user):
            self.fields["organisation"].queryset = Organisation.objects.all()
        else:
            # A référent ARS only delegates reading and contributing, inside its region.
            self.fields["role"].choices = [(r.value, r.label) for r in perms.ROLES_DELEGABLES]
            territoires = perms.subtree(acting_user.territoire)
            del self.fields["organisation"]
        self.fields["territoire"].queryset = territoires.order_by("niveau", "ordre", "code")
        self.fields["territoire"].help_text = (
            "Région pour un référent ARS ; département ou PTSM pour un contributeur ; "
            "facultatif pour un lecteur."
        )

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        # A scope that the role does not use would silently widen it later: drop it.
        if role in {Role.ADMIN_NATIONAL, Role.PILOTE_NATIONAL}:
            cleaned["territoire"] = None
        if role != Role.PILOTE_NATIONAL and "organisation" in self.fields:
            cleaned["organisation"] = None
        if role and not perms.can_assign_role(self.acting_user, role, cleaned.get("territoire")):
            raise forms.ValidationError(
                "Vous ne pouvez créer ou modifier que des comptes contributeur ou lecteur "
                "rattachés à votre région.",
                code="hors_perimetre",
            )
        return cleaned


class NouveauCompteForm(CompteForm):
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password2(self):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            raise forms.ValidationError("Les deux mots de passe ne sont pas identiques.")
        return password2

    def _post_clean(self):
        super()._post_clean()
        # Validated against the filled instance, so "too similar to the username" works.
        password = self.cleaned_data.get("password2")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except forms.ValidationError as error:
                self.add_error("password2", error)

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user
