# The dashboard in a real browser: headless Chromium (Debian's package) driven over the DevTools
# protocol by Debian's python3 with python3-aiohttp (not a python3 of another origin found first on
# PATH). The screenshots are left at dashboard-browser.png and dashboard-browser-browse.png in the
# build tree, and their paths printed.
find_program(SOS_DEBIAN_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT SOS_DEBIAN_PYTHON3)
    find_program(SOS_DEBIAN_PYTHON3 python3 REQUIRED)
endif()
add_test(NAME browser_dashboard
    COMMAND ${SOS_DEBIAN_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/dashboard_browser.py
            ${PROJECT_BINARY_DIR}/dashboard-browser.png)
set_tests_properties(browser_dashboard PROPERTIES ENVIRONMENT "SOS_BIN=${PROJECT_BINARY_DIR}/bin"
    LABELS "browser;e2e" TIMEOUT 180)
