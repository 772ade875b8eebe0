"""Random- and synthetic-weight replicas of the model layouts users install.

``tools/make_replicas.py`` is the entry point and documents every layout. The modules:

* ``corpus``: training text for the tokenizers (the SaudiNewsNet sample plus invented
  sentences) and the test sentences shared with ``tools/replica_reference_tokens.py``;
* ``tokenizers``: tiny SentencePiece models, subword-nmt BPE codes and the
  Marian-style frequency-ordered vocabularies;
* ``circuit``: the echo circuit, a ``ctranslate2.specs.TransformerSpec`` whose greedy
  and beam outputs copy the source tokens;
* ``layouts``: what the writers share (``Build``, ``Replica``, zip, binary version);
* ``argos``, ``marian``, ``nllb``: one writer per family, registered in ``families``;
* ``verify``: the echo check run after every build;
* ``behaviour``: a committed replica's weights rebuilt to reorder, respell or drop.
"""
