sos_unit_test(test_expr SOURCES expr_parse_test.cpp expr_check_test.cpp expr_eval_test.cpp LIBS sos_expr)
