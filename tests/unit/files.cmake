sos_unit_test(test_files SOURCES files_test.cpp private_file_test.cpp LIBS sos_files)
