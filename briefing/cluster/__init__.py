"""The translate step on a Ray cluster (the optional extra ``briefing[ray]``).

It owns running protect → translate → restore in Ray Data actors, each holding one loaded
model (``actor.py``, which runs on the nodes), and joining or starting the cluster
(``driver.py``). Everything else stays on the driver, as in a local run: reading,
segmenting, the memory lookups and stores, the cross-article checks and rendering.
It sits above ``briefing.api`` and calls it; nothing below imports it.
"""
