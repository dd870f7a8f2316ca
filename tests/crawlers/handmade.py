"""Hand-made pages for what we have no real page of, built on the real pages' markup.

Everything here is made up for tests; the real pages are in ../shared/fixtures/jpbox/.
"""

from __future__ import annotations

from html import escape


def handmade_film_page(
    film_id: int,
    title: str,
    *,
    original_title: str | None = None,
    director: str | None = None,
    country: str | None = "Etats-Unis",
    runtime: str | None = "1h 30min",
    genre: str | None = "Drame",
    budget: str | None = None,
    first_week: str | None = None,
    datalist_options: int = 10,
) -> bytes:
    """A film page with the markup of the real `fichfilm.php?id=N&view=2` pages (cut down)."""
    options = "\n".join(f'<option value="Film {n}"></option>' for n in range(datalist_options))
    h2 = f"<h2>{escape(original_title)} </h2>" if original_title else ""
    h4 = (
        '<h4><i class="fa-solid fa-video"></i> '
        f'<a href="fichacteur.php?id=1&view=0">{escape(director)}</a></h4>'
        if director
        else ""
    )
    country_link = f'<a href="fichepays.php?idpays=1">{escape(country)}</a>' if country else ""
    runtime_text = f'<br/><i class="fa-solid fa-clock"></i> {escape(runtime)}' if runtime else ""
    genre_link = f'<br/><a href="fichgenres.php?idgenre=1">{escape(genre)}</a>' if genre else ""
    budget_rows = (
        f'<tr><td class="cellulejaune"><strong>Budget</strong></td>'
        f'<td class="cellulejaune"><div align="right"><strong>{escape(budget)}</strong></td></tr>'
        if budget
        else ""
    )
    budget_table = f'<table class="tablesmall tablesmall1b">{budget_rows}</table>' if budget else ""
    entries = (
        '<table class="tablesmall tablesmall1b">'
        '<tr><td colspan="2"><div align="center">'
        '<img src="cinema/images/menu/franceflag.jpg"/></div></td></tr>'
        f'<tr><td>D&eacute;marrage</td><td><div align="right">{escape(first_week)} </div></td></tr>'
        "</table>"
        if first_week
        else ""
    )
    html = f"""<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{escape(title)} - JP Box-Office</title>
<META http-equiv="Content-Type" content="text/html; charset=iso-8859-1" /></head><body>
<form><datalist id="titre">
{options}
</datalist></form>
<div id="content"><table class="table_2022titre"><tr>
<td class="texte_2022titre" itemscope itemtype ="http://schema.org/Movie" itemprop="name">
<h1> {escape(title)}</h1>{h2}{h4}
<h3> 2026&nbsp;&nbsp;/&nbsp;&nbsp;{country_link}{runtime_text}{genre_link}</h3></td></tr></table>
<div id="nav2"><ul><li><a href="/fichfilm.php?id={film_id}"></a></li></ul></div>
<table class="tablelarge1"><tr><th>POPULARITE</th><th>RECETTES</th><th>ENTREES</th></tr>
<tr><td></td><td><div align="center">{budget_table}</div></td>
<td><div align="center">{entries}</div></td></tr>
</table></div></body></html>"""
    return html.encode("utf-8")
