/** ECharts core with the canvas renderer and the components every chart here uses (loaded on first chart). */
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';

echarts.use([
  CanvasRenderer,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
]);

export { echarts };
