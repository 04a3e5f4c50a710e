"""A small example DAG: fetch a list of numbers, then report their sum."""

from datetime import datetime

from airflow.sdk import dag, task


@dag(
    start_date=datetime(2026, 1, 1),
    schedule="@daily",
    catchup=False,
    tags=["example"],
)
def legacy_daily():
    @task
    def fetch() -> list[int]:
        return [3, 5, 8, 13]

    @task
    def report(numbers: list[int]) -> None:
        print(f"{len(numbers)} numbers, sum {sum(numbers)}")

    report(fetch())


legacy_daily()
