from tests.seed.conftest import small_seed

__all__ = ["small_seed"]
