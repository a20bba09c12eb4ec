import { type ReactNode, useEffect, useRef } from 'react';

interface ModalProps {
  label: string;
  className?: string;
  testId: string;
  /** Called when the user closes the dialog with Escape. */
  onClose(): void;
  children: ReactNode;
}

/**
 * Shows a modal dialog while mounted. The native `<dialog>` element keeps focus inside, closes on
 * Escape and dims the page behind it.
 */
export function Modal({ label, className, testId, onClose, children }: ModalProps) {
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      className={`cs-dialog${className ? ` ${className}` : ''}`}
      aria-label={label}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      data-testid={testId}
    >
      {children}
    </dialog>
  );
}
