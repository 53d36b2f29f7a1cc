sos_unit_test(test_plot SOURCES plot_test.cpp LIBS sos_plot)
