/**
 * @module input
 * Reading what users hand in: files (with the one set of messages for a missing or unreadable file), the capped
 * list of issues a loader reports, and "did you mean …?" suggestions.
 */
export { readInputFile, readInputText } from './input-file.js';
export { IssueList, MAX_ISSUES } from './issue-list.js';
export { closest } from './suggest.js';
