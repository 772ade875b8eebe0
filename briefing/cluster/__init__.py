"""The translate step on a Ray cluster (the optional extra ``briefing[ray]``).

It owns decoding and restoring in Ray Data actors, each holding one loaded model
(``actor.py``, which runs on the nodes), and joining or starting the cluster and cutting
the work (``driver.py``). Everything else stays on the driver, as in a local run:
reading, segmenting, protecting and tokenizing (the work is cut into the local engine's
own calls, which needs the token lengths), the memory lookups and stores, the
cross-article checks and rendering. It sits above ``briefing.api``; nothing below
imports it.
"""
