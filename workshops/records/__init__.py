"""A person's whole record across the registry, training and certificates: merging two records of one person,
everything held about someone, erasure and the retention purge.

These operations sit above people, training and certificates, and import from them; none of those imports back.
"""
