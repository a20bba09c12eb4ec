import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import { applyFix, type QuickFix, useAnalysis } from './analysis/useAnalysis.js';
import { makeRoomForNewNodes } from './circuit/fix-layout.js';
import { documentProblems, problemsBesideFindings } from './circuit/problems.js';
import { AccessTokenDialog } from './components/AccessTokenDialog.js';
import { BottomPanel } from './components/BottomPanel.js';
import { Canvas } from './components/Canvas.js';
import { ImportErrorsDialog } from './components/ImportErrorsDialog.js';
import { Inspector } from './components/Inspector.js';
import { JsonDialog } from './components/JsonDialog.js';
import { OtherRunNotice } from './components/OtherRunNotice.js';
import { Palette } from './components/Palette.js';
import { RejectionPanel } from './components/RejectionPanel.js';
import { Toolbar } from './components/Toolbar.js';
import { useFaultExpiry } from './hooks/useFaultExpiry.js';
import { useKeyboardShortcuts } from './hooks/useKeyboardShortcuts.js';
import { usePersistence } from './hooks/usePersistence.js';
import { circuitStore, runStore, useCircuit } from './store/app-state.js';

/** Lays out the editor page: toolbar, palette, canvas, inspector, and the problems and events panel. */
export function App() {
  const circuit = useCircuit((state) => state.circuit);
  const selection = useCircuit((state) => state.selection);
  const analysis = useAnalysis(circuit);
  const problems = useMemo(() => documentProblems(circuit), [circuit]);
  const listedProblems = useMemo(
    () => problemsBesideFindings(problems, analysis.failure !== undefined),
    [problems, analysis.failure],
  );
  const invalidNodes = useMemo(
    () => new Set(problems.flatMap((problem) => (problem.nodeId ? [problem.nodeId] : []))),
    [problems],
  );
  const onApplyFix = useCallback((fix: QuickFix) => {
    const store = circuitStore.getState();
    const result = applyFix(store.circuit, fix);
    if (result.ok) {
      // An inserted node lands halfway along the link it splits, often on top of one of its ends.
      const laidOut = fix.kind === 'insert-node' ? makeRoomForNewNodes(store.circuit, result.circuit) : result.circuit;
      store.applyEdit(laidOut);
    } else runStore.getState().log('error', `the suggested fix could not be applied: ${result.message}`);
  }, []);

  useKeyboardShortcuts();
  usePersistence();
  useFaultExpiry();

  return (
    <ReactFlowProvider>
      <div className="cs-app">
        <Toolbar />
        <Palette />
        <main className="cs-main">
          <OtherRunNotice />
          <Canvas analysis={analysis.result} invalidNodes={invalidNodes} />
          <RejectionPanel />
          <BottomPanel
            problems={listedProblems}
            analysis={analysis.result}
            analysisFailure={analysis.failure}
            onApplyFix={onApplyFix}
          />
        </main>
        <Inspector circuit={circuit} selection={selection} analysis={analysis.result} onApplyFix={onApplyFix} />
      </div>
      <JsonDialog />
      <ImportErrorsDialog />
      <AccessTokenDialog />
    </ReactFlowProvider>
  );
}
