from django import template

from jalon.territoires import perms

register = template.Library()


@register.filter
def peut_gerer_comptes(user):
    """Templates cannot call functions; the header uses this to show the accounts link."""
    return perms.can_manage_accounts(user)


@register.filter
def peut_lire_journal(user):
    return perms.can_read_journal(user)
