package dev.streamssl.consumers.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Line and scatter charts of the report, drawn by JFreeChart into PNG bytes (no display). */
final class Charts {
    static final int WIDTH = 720;
    static final int HEIGHT = 360;

    private Charts() {}

    /** One named series of (x, y) points. */
    record Series(String name, List<double[]> points) {}

    static byte[] lines(String title, String xLabel, String yLabel, List<Series> series)
            throws IOException {
        XYSeriesCollection data = collection(series);
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.getRangeAxis().setAutoRange(true);
        ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        for (int i = 0; i < series.size(); i++) {
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
        }
        return png(chart);
    }

    static byte[] scatter(String title, Map<String, List<double[]>> groups) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, List<double[]>> g : groups.entrySet()) {
            XYSeries s = new XYSeries(g.getKey(), false, true);
            for (double[] p : g.getValue()) {
                s.add(p[0], p[1]);
            }
            data.addSeries(s);
        }
        JFreeChart chart =
                ChartFactory.createScatterPlot(
                        title, "PC 1", "PC 2", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        for (int i = 0; i < groups.size(); i++) {
            renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2, -2, 4, 4));
        }
        return png(chart);
    }

    private static XYSeriesCollection collection(List<Series> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), true, true);
            for (double[] p : s.points()) {
                if (Double.isFinite(p[1])) {
                    xy.add(p[0], p[1]);
                }
            }
            data.addSeries(xy);
        }
        return data;
    }

    private static byte[] png(JFreeChart chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        return out.toByteArray();
    }
}
