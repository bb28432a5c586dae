"""Synthetic data at national scale: `jalon generate-synthetic --scale demo|national`.

Deterministic (a seed), plausible (`modele`), over every indicator of the referential, the
territories of its maille — with ~1 000 synthetic PTSM-level territories (`territoires`,
marked in their code and name) for infra-departmental indicators — and ten years of periods
(`generation`). Refuses a database holding real values unless forced.
"""
