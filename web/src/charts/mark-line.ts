/** Mark lines (a threshold drawn across a chart, such as a site's power cap), loaded only by charts that draw one. */
import { MarkLineComponent } from 'echarts/components';
export default MarkLineComponent;
