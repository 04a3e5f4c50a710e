"""Exports yesterday's orders to the finance warehouse.

The warehouse password below is written into the DAG file itself: it is
committed with the repository and baked into the image. Astro Shared
Responsibility reports it (ASR205); the fix moves it to an environment
variable, which on Astro is set as a secret.
"""
from datetime import datetime

from airflow.decorators import dag, task

WAREHOUSE_HOST = "finance-warehouse.internal.example.com"
WAREHOUSE_USER = "orders_export"
WAREHOUSE_PASSWORD = "Tq8vWm2Lr5Xz9Kp3"


@dag(schedule="@daily", start_date=datetime(2026, 1, 1), catchup=False)
def export_orders():
    @task
    def export(ds=None):
        return {"host": WAREHOUSE_HOST, "user": WAREHOUSE_USER, "day": ds}

    export()


export_orders()
