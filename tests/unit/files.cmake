sos_unit_test(test_files SOURCES files_test.cpp LIBS sos_files)
