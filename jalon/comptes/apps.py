from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "jalon.comptes"
    label = "comptes"
    verbose_name = "Comptes"

    def ready(self):
        from axes.signals import user_locked_out

        from jalon.comptes.services import journaliser_verrouillage

        def _verrouillage(sender, request=None, username=None, ip_address=None, **kwargs):
            journaliser_verrouillage(username, ip_address)

        # weak=False: the receiver is a local function that would otherwise be collected.
        user_locked_out.connect(_verrouillage, weak=False, dispatch_uid="jalon_verrouillage")
