// ECharts, only the parts the app draws: maps of our own outlines (no tiles,
// nothing fetched from the internet), bars and lines.
import * as echarts from 'echarts/core'
import { MapChart, BarChart, LineChart, LinesChart, ScatterChart, EffectScatterChart, TreemapChart } from 'echarts/charts'
import {
  GeoComponent,
  GridComponent,
  TooltipComponent,
  VisualMapComponent,
  TitleComponent,
  LegendComponent,
  MarkPointComponent,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([
  MapChart,
  BarChart,
  LineChart,
  LinesChart,
  TreemapChart,
  ScatterChart,
  EffectScatterChart,
  GeoComponent,
  GridComponent,
  TooltipComponent,
  VisualMapComponent,
  TitleComponent,
  LegendComponent,
  MarkPointComponent,
  CanvasRenderer,
])

export { echarts }
