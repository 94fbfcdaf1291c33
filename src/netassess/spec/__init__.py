"""Task specs: models (``netassess.spec.models``), loading and validation (``netassess.spec.loader``).

    from netassess.spec.loader import load_task
    loaded = load_task(Path("tasks/s2-ospf-triangle.yaml"), params={"area": "0"})
"""
