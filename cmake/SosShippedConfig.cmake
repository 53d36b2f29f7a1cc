# sos_shipped_config(<target> <namespace> <symbol> <json file>): compiles a shipped settings
# file into <target> as `const char* const <namespace>::<symbol>`, so every binary has its
# defaults without an installed data directory, and a changed file rebuilds it.
function(sos_shipped_config target namespace symbol json)
    file(READ ${json} text)
    set(out ${CMAKE_CURRENT_BINARY_DIR}/${symbol}.cpp)
    file(CONFIGURE OUTPUT ${out} CONTENT
"namespace ${namespace} {
extern const char* const ${symbol};
const char* const ${symbol} = R\"sos_json(\${text})sos_json\";
}  // namespace ${namespace}
")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${json})
    target_sources(${target} PRIVATE ${out})
endfunction()
