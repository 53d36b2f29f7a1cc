# Finds sos's libraries and test tools, all from Debian 12's packages. Configuring installs
# nothing: scripts/install-deps.sh does that (scripts/build.sh, scripts/demo.sh and
# scripts/test.sh run it first). What is missing stops the configuration with one message
# naming every Debian package to install.

set(SOS_MISSING_PACKAGES "")

# sos_need(<found variable> <Debian package>)
macro(sos_need found package)
    if(NOT ${found})
        list(APPEND SOS_MISSING_PACKAGES ${package})
    endif()
endmacro()

find_package(simdjson CONFIG QUIET)
sos_need(simdjson_FOUND libsimdjson-dev)
find_package(fmt CONFIG QUIET)
sos_need(fmt_FOUND libfmt-dev)
find_package(CLI11 CONFIG QUIET)
sos_need(CLI11_FOUND libcli11-dev)
find_package(nlohmann_json CONFIG QUIET)
sos_need(nlohmann_json_FOUND nlohmann-json3-dev)
find_package(SQLite3 QUIET)
sos_need(SQLite3_FOUND libsqlite3-dev)
# libcurl (REST) and libwebsockets (the live feed) are for the live broker and source.
# CURL::libcurl and PkgConfig::libwebsockets are the targets to link.
find_package(CURL QUIET)
sos_need(CURL_FOUND libcurl4-openssl-dev)
find_package(PkgConfig QUIET)
sos_need(PKG_CONFIG_FOUND pkg-config)
if(PKG_CONFIG_FOUND)
    # Cairo draws the equity picture as PNG and SVG. Debian ships no CMake package for it; the
    # target is PkgConfig::Cairo.
    pkg_check_modules(Cairo QUIET IMPORTED_TARGET GLOBAL cairo)
    sos_need(Cairo_FOUND libcairo2-dev)
    # Debian's libwebsockets CMake package names files of optional plugin packages; its
    # pkg-config file is the dependable way in.
    pkg_check_modules(libwebsockets QUIET IMPORTED_TARGET GLOBAL libwebsockets)
    sos_need(libwebsockets_FOUND libwebsockets-dev)
endif()
find_package(Threads REQUIRED)

if(SOS_TESTS)
    find_package(Catch2 CONFIG QUIET)
    sos_need(Catch2_FOUND catch2)
    # The end-to-end and golden tests read outputs with these; a missing one is a failed
    # check, never a skipped one, so it is required here.
    foreach(tool_package jq:jq sqlite3:sqlite3 python3:python3)
        string(REPLACE ":" ";" pair ${tool_package})
        list(GET pair 0 tool)
        list(GET pair 1 package)
        find_program(SOS_${tool}_PROGRAM ${tool})
        sos_need(SOS_${tool}_PROGRAM ${package})
    endforeach()
endif()

if(SOS_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "sos: SOS_FUZZ needs clang (libFuzzer): configure with CXX=clang++ "
                        "(Debian packages clang and libclang-rt-14-dev)")
endif()

if(SOS_MISSING_PACKAGES)
    list(REMOVE_DUPLICATES SOS_MISSING_PACKAGES)
    string(REPLACE ";" " " SOS_MISSING_PACKAGES "${SOS_MISSING_PACKAGES}")
    message(FATAL_ERROR "sos: missing Debian packages: ${SOS_MISSING_PACKAGES}\n"
                        "Install them with `sh scripts/install-deps.sh` (installs everything sos needs) "
                        "or `sudo apt-get install ${SOS_MISSING_PACKAGES}`.")
endif()
