//===- Pipeline.cpp - The whole AutoQuant flow as one pipeline ------------===//

#include "autoquant/Dialect/AutoQuant/Transforms/Pipeline.h"
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::autoquant;

void mlir::autoquant::buildQuantizePipeline(OpPassManager &pm,
                                            const QuantizeOptions &options) {
  if (options.equalize != "none") {
    AutoQuantEqualizeOptions equalize;
    equalize.source = options.equalize;
    equalize.alpha = options.equalizeAlpha;
    equalize.dataset = options.dataset;
    equalize.maxSamples = options.maxSamples;
    equalize.threads = options.threads;
    equalize.entry = options.entry;
    equalize.quiet = options.quiet;
    pm.addPass(createAutoQuantEqualize(equalize));
  }

  AutoQuantAnnotateOptions annotate;
  annotate.nbitInput = options.nbitInput;
  annotate.nbitWeight = options.nbitWeight;
  annotate.nbitActivation = options.nbitActivation;
  annotate.skipConvLayers = options.skipConvLayers;
  annotate.skipDenseLayer = options.skipDenseLayer;
  annotate.debugEnabledOps.assign(options.debugEnabledOps.begin(),
                                  options.debugEnabledOps.end());
  annotate.skipLocs.assign(options.skipLocs.begin(), options.skipLocs.end());
  annotate.onlyLocs.assign(options.onlyLocs.begin(), options.onlyLocs.end());
  annotate.stopAtGlobalPool = options.stopAtGlobalPool;
  annotate.pointNbit.assign(options.pointNbit.begin(), options.pointNbit.end());
  pm.addPass(createAutoQuantAnnotate(annotate));

  AutoQuantCalibrateOptions calibrate;
  calibrate.calibrateMode = options.calibrateMode;
  calibrate.klImpl = options.klImpl;
  calibrate.dataset = options.dataset;
  calibrate.maxSamples = options.maxSamples;
  calibrate.globalScale = options.globalScale;
  calibrate.percentile = options.percentile;
  calibrate.klBins = options.klBins;
  calibrate.klQuantizedBins = options.klQuantizedBins;
  calibrate.weightScale = options.weightScale;
  calibrate.weightGranularity = options.weightGranularity;
  calibrate.weightScheme = options.weightScheme;
  calibrate.activationSign = options.activationSign;
  calibrate.activationRange = options.activationRange;
  calibrate.scaleConvention = options.scaleConvention;
  calibrate.powerOfTwoScales = options.powerOfTwoScales;
  calibrate.threads = options.threads;
  calibrate.entry = options.entry;
  calibrate.statsOut = options.statsOut;
  calibrate.statsIn.assign(options.statsIn.begin(), options.statsIn.end());
  calibrate.quiet = options.quiet;
  calibrate.report = options.report;
  calibrate.sensitivitySamples = options.sensitivitySamples;
  pm.addPass(createAutoQuantCalibrate(calibrate));

  if (options.simulate) {
    pm.addPass(createAutoQuantSimulate());
    return;
  }
  AutoQuantRealizeOptions realize;
  realize.rounding = options.rounding;
  realize.fullyIntegral = options.fullyIntegral;
  realize.roundForShift = options.roundForShift;
  realize.biasBits = options.biasBits;
  pm.addPass(createAutoQuantRealize(realize));
}

void mlir::autoquant::registerAutoQuantPipelines() {
  PassPipelineRegistration<QuantizeOptions>(
      "autoquant",
      "The AutoQuant flow: [equalize,] annotate, calibrate, then realize to "
      "integer TOSA (or simulate)",
      buildQuantizePipeline);
}
