"""Several reminders for one person in one run become one mail ("samlad påminnelse").

Each part is the body block of its own template (same wording as when sent alone), put under
that mail's subject; greeting and footer (with the unsubscribe link) appear once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from schemas.notifications import Lang, MailContext, MailKind, RenderedMail
from services.notifications.rendering import environment, render_mail

_TEXT = """{% extends "_base.txt" %}{% block body %}{{ intro }}
{% for p in parts %}

== {{ p.subject }} ==

{{ p.text }}
{% endfor %}{% endblock %}"""

_HTML = """{% extends "_base.html" %}{% block body %}<p>{{ intro|e }}</p>
{% for p in parts %}
<h3 style="margin: 24px 0 4px; font-size: 16px;">{{ p.subject|e }}</h3>
{{ p.html }}
{% endfor %}{% endblock %}"""

_SUBJECT: dict[Lang, str] = {
    "sv": "Samlad påminnelse: {n} saker från {network}",
    "en": "Reminders: {n} items from {network}",
}
_INTRO: dict[Lang, str] = {
    "sv": "Här är dina påminnelser samlade i ett mejl.",
    "en": "Here are your reminders, collected in one e-mail.",
}


@dataclass(frozen=True)
class Part:
    kind: MailKind
    context: MailContext


def _variables(context: MailContext, lang: Lang) -> dict[str, Any]:
    names = {name: getattr(context, name) for name in type(context).model_fields}
    return {**names, "lang": lang}


def _body(kind: MailKind, context: MailContext, lang: Lang, fmt: str) -> str:
    """Only the body block of the kind's template (the macros module passed in explicitly)."""
    env = environment()
    template = env.get_template(f"{MailKind(kind).value}.{lang}.{fmt}")
    variables = _variables(context, lang)
    variables["mac"] = env.get_template(f"_macros.{fmt}").make_module(variables)
    return "".join(template.blocks["body"](template.new_context(variables))).strip()


def render_batch(parts: Sequence[Part], *, lang: Lang) -> RenderedMail:
    """One mail for all parts; a single part renders exactly as it would alone."""
    if not parts:
        raise ValueError("nothing to render")
    if len(parts) == 1:
        return render_mail(parts[0].kind, lang=lang, context=parts[0].context)
    first = parts[0].context
    rendered = [
        {
            "subject": render_mail(p.kind, lang=lang, context=p.context).subject,
            "text": _body(p.kind, p.context, lang, "txt"),
            "html": Markup(_body(p.kind, p.context, lang, "html")),  # noqa: S704 (our templates)
        }
        for p in parts
    ]
    subject = _SUBJECT[lang].format(n=len(parts), network=first.network_name or "samverkan")
    variables = {**_variables(first, lang), "parts": rendered, "intro": _INTRO[lang]}
    env = environment()
    text = env.from_string(_TEXT).render(variables)
    html = env.from_string(_HTML).render(variables, subject=subject)
    return RenderedMail(
        subject=subject, text=re.sub(r"\n{3,}", "\n\n", text).strip() + "\n", html=html
    )
