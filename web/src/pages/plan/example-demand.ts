/**
 * The demand the form starts with: `examples/plans/small.yaml` as JSON (a test keeps the two equal). Two
 * quarters, three chips — the H20 export-restricted from quarter 1, the H100 scarce, the Zhenwu priced here because
 * the catalog has no price for it — one training line and two LLM services; it solves in a few seconds.
 */
export const EXAMPLE_DEMAND = `{
  "quarters": 2,
  "site": { "pue": 1.3, "electricityUsdPerKWh": 0.08, "powerCapMW": 20 },
  "budget": { "totalUsd": 400000000 },
  "chips": [
    { "accelerator": "nvidia-h20", "devicesPerNode": 8, "supplyDevices": [2000, 0], "nodeOverheadUsd": 40000, "nodePowerOverheadW": 1500 },
    { "accelerator": "nvidia-h100", "devicesPerNode": 8, "supplyDevices": [160, 160], "nodeOverheadUsd": 40000, "nodePowerOverheadW": 1500 },
    { "accelerator": "t-head-zhenwu-810e", "devicesPerNode": 8, "priceUsd": 11000, "nodeOverheadUsd": 40000, "nodePowerOverheadW": 1500 }
  ],
  "training": [
    { "name": "finetune", "reference": "nvidia-h100", "kind": "compute", "deviceHours": [300000, 400000], "utilisation": 0.8 }
  ],
  "inference": [
    { "name": "chat", "model": "qwen3-32b", "precision": "bf16", "inputTokens": 1000, "outputTokens": 300,
      "peakRequestsPerSec": [40, 60], "slo": { "ttftSec": 2, "tpotSec": 0.1, "percentile": 99 } },
    { "name": "code", "model": "llama-3.1-8b", "precision": "fp8", "inputTokens": 2000, "outputTokens": 500,
      "peakRequestsPerSec": 30, "slo": { "ttftSec": 1, "tpotSec": 0.05, "percentile": 99 } }
  ]
}`;
