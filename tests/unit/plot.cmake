sos_unit_test(test_plot SOURCES plot_test.cpp LIBS sos_plot PkgConfig::Cairo)
sos_unit_test(test_equity_chart SOURCES equity_chart_test.cpp LIBS sos_journal sos_plot)
