"""The lab: containerlab topologies run as real FRR routers and Linux hosts.

``topology`` reads containerlab files; ``runtime`` names the runtimes (``netns`` built in,
``containerlab`` when docker is available); ``state`` records what a runtime created;
``inventory`` turns a running lab into a Nornir inventory.
"""
