"""Render an output folder's graph.html in headless Chromium and save a PNG (used for the README picture).

.venv/bin/python docs/screenshot.py output/graph.html docs/seed-graph.png [--view actors]
"""

import argparse
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import Select, WebDriverWait

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1500,950",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("html")
    ap.add_argument("png")
    ap.add_argument("--view", default="events")
    args = ap.parse_args()
    opts = webdriver.ChromeOptions()
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        driver.get(Path(args.html).resolve().as_uri())
        WebDriverWait(driver, 60).until(lambda d: d.execute_script("return !!(window.kg && window.kg.ready)"))
        if args.view != "events":
            Select(driver.find_element("id", "view")).select_by_value(args.view)
        driver.save_screenshot(args.png)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
