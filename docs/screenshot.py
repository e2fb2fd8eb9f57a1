"""Render an output folder's graph.html in headless Chromium at 1400x900 and save one PNG per view (the README
pictures). Prints any console error, so a broken page is not saved silently.

.venv/bin/python docs/screenshot.py output/graph.html docs/seed [--views summary map timeline events actors]

writes docs/seed-summary.png, docs/seed-map.png, ...
"""

import argparse
import sys
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from kg.views.page import CHROMIUM_FLAGS

FLAGS = [*CHROMIUM_FLAGS, "--hide-scrollbars"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("html")
    ap.add_argument("prefix", help="PNG path without the view and extension")
    ap.add_argument("--views", nargs="+", default=["summary", "map", "timeline", "events", "actors"])
    ap.add_argument("--size", default="1400,900")
    args = ap.parse_args()
    opts = webdriver.ChromeOptions()
    for flag in [*FLAGS, f"--window-size={args.size}"]:
        opts.add_argument(flag)
    opts.binary_location = "/usr/bin/chromium"
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    width, height = (int(v) for v in args.size.split(","))
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
    )
    try:
        for view in args.views:
            driver.get(Path(args.html).resolve().as_uri() + "#" + view)
            driver.refresh()  # a fragment change alone does not reload the page
            WebDriverWait(driver, 60).until(lambda d: d.execute_script("return !!(window.kg && window.kg.ready)"))
            out = f"{args.prefix}-{view}.png"
            driver.save_screenshot(out)
            print(out)
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        for e in errors:
            print("console:", e["message"], file=sys.stderr)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
