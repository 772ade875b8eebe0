"""``briefing serve``: a LibreTranslate-compatible HTTP server over the library.

Above ``api`` and ``review_api`` (it calls them; nothing below imports it), and the only
package besides the CLI's ``serve`` command that imports FastAPI, Starlette or uvicorn
(the optional ``briefing[serve]`` extra). One engine per process, loaded once;
concurrent requests are decoded together (``batcher``). ``lt`` speaks LibreTranslate's
API, ``team`` the briefing, glossary and memory endpoints, ``guard`` the API keys and
limits, ``app`` puts them together with the web page.
"""
